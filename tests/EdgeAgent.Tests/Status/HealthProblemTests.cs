using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Edge.Check;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;
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

        // The agent's clean-up removed its data folder; check looks at one that exists, as at a clinic.
        Directory.CreateDirectory(settings.DataFolder);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.AsConfiguration()).Build();
            var results = await ConnectivityCheck.RunAsync(configuration, CancellationToken.None);
            var dataFolder = Assert.Single(results, r => r.Subject == "Data folder");
            Assert.False(dataFolder.Passed, dataFolder.Detail);
            Assert.Contains("below Spool:MinFreeDiskBytes", dataFolder.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    [Fact]
    public async Task A_failing_worklist_sync_stays_a_status_problem_while_other_cloud_traffic_succeeds()
    {
        // The worklist API is down (nothing listens there) while the bus works: heartbeats succeed after the failed pull.
        var settings = new AgentSettings().Set("HeartbeatInterval", "00:00:05")
            .Set("Cloud:ApiBaseUri", $"http://127.0.0.1:{FreeTcpPort.Next()}/").Set("Cloud:ApiKey", "test-key");
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.EdgeHeartbeat).Count >= 1, "a heartbeat reached the cloud", 30);

        var (health, problems) = await StatusOfAsync(settings);
        Assert.Equal("degraded", health);
        var problem = Assert.Single(problems, p => p.Contains("worklist full sync failed", StringComparison.Ordinal));
        Assert.Contains("never synced", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_tls_certificate_is_a_status_problem()
    {
        using var authorities = new TlsAuthorities("edge-status-tls");
        var expired = authorities.Hospital.IssueServer("edge agent", DateTimeOffset.UtcNow.AddHours(-20), DateTimeOffset.UtcNow.AddHours(-1));
        var settings = new AgentSettings()
            .Set("Dicom:Tls:CertificatePath", expired.CertificatePath)
            .Set("Dicom:Tls:PrivateKeyPath", expired.KeyPath);
        await using var agent = await InProcessAgent.StartAsync(settings);

        var (health, problems) = await StatusOfAsync(settings);
        Assert.Equal("degraded", health);
        var problem = Assert.Single(problems, p => p.Contains("TLS certificate", StringComparison.Ordinal));
        Assert.Contains("DICOM", problem, StringComparison.Ordinal);
        Assert.Contains("expired", problem, StringComparison.Ordinal);
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
