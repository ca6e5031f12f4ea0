using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.Edge.Check;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.EdgeAgent.Tests.Status;

/// <summary>Conditions that stop the agent's work must show in <c>/status</c>, <c>/health</c> and <c>check</c>, not only in the log.</summary>
public sealed class HealthProblemTests
{
    [Fact]
    public async Task Free_space_under_the_spool_limit_is_a_status_problem_and_fails_the_check()
    {
        // No disk has this much free space: every C-STORE is refused with 0xA700.
        var settings = new AgentSettings().Set("Spool:MinFreeDiskBytes", long.MaxValue);
        await using (var agent = await InProcessAgent.StartAsync(settings))
        {
            var (health, problems) = await StatusOfAsync(settings);
            Assert.Equal("degraded", health);
            var problem = Assert.Single(problems, p => p.Contains("MinFreeDiskBytes", StringComparison.Ordinal));
            Assert.Contains("MiB free on the spool disk", problem, StringComparison.Ordinal);
            Assert.Contains("0xA700", problem, StringComparison.Ordinal);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.AsConfiguration()).Build();
        var results = await ConnectivityCheck.RunAsync(configuration, CancellationToken.None);
        var dataFolder = Assert.Single(results, r => r.Subject == "Data folder");
        Assert.False(dataFolder.Passed, dataFolder.Detail);
        Assert.Contains("below Spool:MinFreeDiskBytes", dataFolder.Detail, StringComparison.Ordinal);
    }

    /// <summary>The health and problems of <c>/status</c>, after checking that <c>/health</c> says the same.</summary>
    internal static async Task<(string Health, IReadOnlyList<string> Problems)> StatusOfAsync(AgentSettings settings)
    {
        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
        var health = status.GetProperty("health").GetString()!;
        var problems = status.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        using var response = await http.GetAsync(new Uri(settings.StatusUri, "/health"));
        Assert.Equal(health == "unhealthy" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(health, body.GetProperty("status").GetString());
        return (health, problems);
    }
}
