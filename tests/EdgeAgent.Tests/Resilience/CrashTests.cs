using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Resilience;

/// <summary>The real agent process, killed with SIGKILL in the middle of a stream from <c>mllp_send</c>, then restarted.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Every_message_acked_before_kill_9_reaches_the_bus_handler_and_none_twice()
    {
        var settings = new AgentSettings();
        var batch = Hl7Samples.Batch("K", 2000, patients: 40);
        var file = Hl7Samples.WriteMllpFile(batch.Select(m => m.Text));
        try
        {
            List<string> ackedBeforeKill;
            await using (var agent = await AgentProcess.StartAsync(settings))
            {
                var sender = ProcessRunner.RunAsync(PeerTools.Require("mllp_send"),
                    ["-p", settings.MllpPort.ToString(CultureInfo.InvariantCulture), "-f", file, "127.0.0.1"], TimeSpan.FromMinutes(2));
                await Eventually.HoldsAsync(async () => await AcceptedAsync(settings) >= 150, "the agent has acknowledged 150 messages", 60,
                    () => agent.Output);
                await agent.KillAsync();
                var result = await sender;
                Assert.NotEqual(0, result.ExitCode); // the connection died under it
                var acks = MllpSend.ParseAcks(result.StandardOutput);
                Assert.All(acks, a => Assert.Equal("AA", a.AcknowledgmentCode));
                ackedBeforeKill = acks.Select(a => a.AcknowledgedControlId).ToList();
                // The counter moves when a message is durable, just before its ACK is written: the last few may be unsent.
                Assert.True(ackedBeforeKill.Count >= 140 && ackedBeforeKill.Count < batch.Count,
                    $"{ackedBeforeKill.Count} of {batch.Count} were acknowledged before the kill; the kill must land mid-stream.");
                Assert.Equal(batch.Take(ackedBeforeKill.Count).Select(m => m.ControlId), ackedBeforeKill);
            }

            // After the restart the RIS sends again everything it has no ACK for (here: the whole file, duplicates included).
            await using (var restarted = await AgentProcess.StartAsync(settings))
            await using (var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId))
            {
                var (result, acks) = await MllpSend.RunAsync(file, settings.MllpPort, TimeSpan.FromMinutes(2));
                result.EnsureSuccess("mllp_send after the restart");
                Assert.Equal(batch.Select(m => m.ControlId), acks.Select(a => a.AcknowledgedControlId));
                Assert.All(acks, a => Assert.Equal("AA", a.AcknowledgmentCode));

                await Eventually.HoldsAsync(
                    () => cloud.OfKind(BusMessageKinds.Hl7Received).Select(m => m.MessageId).Distinct().Count() >= batch.Count,
                    "every message reached the bus handler", 300, () => restarted.Output);
                await Task.Delay(1500);

                var deliveries = cloud.OfKind(BusMessageKinds.Hl7Received);
                var idsPerControlId = deliveries.GroupBy(m => m.Properties[Hl7MessageProperties.ControlId])
                    .ToDictionary(g => g.Key, g => g.Select(m => m.MessageId).Distinct().Count());
                Assert.All(ackedBeforeKill, id => Assert.True(idsPerControlId.ContainsKey(id), $"{id} was acknowledged but never reached the cloud."));
                Assert.Equal(batch.Count, idsPerControlId.Count);
                Assert.All(idsPerControlId, pair => Assert.True(pair.Value == 1, $"{pair.Key} reached the cloud as {pair.Value} different messages."));

                // At-least-once transport: only a message published in the instant between the bus accepting it and its
                // "sent" commit can go out again; the forwarder keeps at most two such per session lane.
                var redelivered = deliveries.Count - deliveries.Select(m => m.MessageId).Distinct().Count();
                var inFlightBound = 2 * new ForwarderOptions().Parallelism;
                Assert.True(redelivered <= inFlightBound, $"{redelivered} messages were published twice; at most {inFlightBound} can be in flight.");
            }
        }
        finally
        {
            File.Delete(file);
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    [Fact]
    public async Task Sigterm_stops_the_agent_cleanly_and_a_restart_keeps_the_backlog()
    {
        var settings = new AgentSettings(storageConnectionString: "DefaultEndpointsProtocol=http;AccountName=cloudrispacs;AccountKey=a2V5;" +
            $"BlobEndpoint=http://127.0.0.1:{FreeTcpPort.Next()}/cloudrispacs;QueueEndpoint=http://127.0.0.1:{FreeTcpPort.Next()}/cloudrispacs;");
        var file = Hl7Samples.WriteMllpFile(Hl7Samples.Batch("T", 20, patients: 3).Select(m => m.Text));
        try
        {
            await using (var agent = await AgentProcess.StartAsync(settings))
            {
                Assert.Contains($"mllp://127.0.0.1:{settings.MllpPort}", agent.Output, StringComparison.Ordinal);
                Assert.Contains($"http://127.0.0.1:{settings.StatusPort}/status", agent.Output, StringComparison.Ordinal);
                var (result, acks) = await MllpSend.RunAsync(file, settings.MllpPort, TimeSpan.FromMinutes(1));
                result.EnsureSuccess("mllp_send");
                Assert.Equal(20, acks.Count(a => a.AcknowledgmentCode == "AA"));
                var stopwatch = Stopwatch.StartNew();
                Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(30)));
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(25), $"Shutdown took {stopwatch.Elapsed}.");
            }

            // The cloud was never reachable: the 20 messages (and the snapshot requests) still wait after a restart.
            await using var again = await AgentProcess.StartAsync(settings);
            using var http = new HttpClient();
            var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
            Assert.True(status.GetProperty("queues").GetProperty("outbox").GetProperty("pending").GetInt64() >= 20);
            await Eventually.HoldsAsync(async () => (await http.GetFromJsonAsync<JsonElement>(settings.StatusUri)).GetProperty("health").GetString() == "degraded",
                "the agent reports itself degraded while the cloud is unreachable", 60);
        }
        finally
        {
            File.Delete(file);
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    private static async Task<long> AcceptedAsync(AgentSettings settings)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
            return status.GetProperty("counters").TryGetProperty("hl7.accepted", out var accepted) ? accepted.GetInt64() : 0;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
