using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Status;

/// <summary>The agent cannot receive from its edge queue: results and worklist changes stop, which /status must say.</summary>
public sealed class ReceiveFailureStatusTests
{
    [Fact]
    public async Task An_edge_queue_that_cannot_be_received_from_is_a_status_problem_until_receiving_works_again()
    {
        var settings = new AgentSettings();
        await using var agent = await InProcessAgent.StartAsync(settings);
        using var http = new HttpClient();
        var edgeQueue = new QueueServiceClient(settings.StorageConnectionString).GetQueueClient(settings.EdgeQueue);
        await Eventually.HoldsAsync(async () => (await edgeQueue.ExistsAsync()).Value, "the agent created its edge queue");

        // Gone under the running consumer: every receive fails until the restarted channel creates the queue again.
        await edgeQueue.DeleteAsync();
        string? problem = null;
        await Eventually.HoldsAsync(async () =>
        {
            problem = (await ProblemsAsync(http, settings)).FirstOrDefault(p => p.Contains($"cannot receive from {settings.EdgeQueue}", StringComparison.Ordinal));
            return problem is not null;
        }, "/status reports the edge queue it cannot receive from", 20, agent.Logs.Dump);
        Assert.Contains("The specified queue does not exist", problem, StringComparison.Ordinal);

        await Eventually.HoldsAsync(async () => !(await ProblemsAsync(http, settings)).Any(p => p.Contains("cannot receive from", StringComparison.Ordinal)),
            "the problem clears once receiving works", 40, agent.Logs.Dump);
    }

    /// <summary>Only /status: other problems may come and go under load, so /health is not compared with it here.</summary>
    private static async Task<List<string>> ProblemsAsync(HttpClient http, AgentSettings settings)
    {
        var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
        return status.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
    }
}
