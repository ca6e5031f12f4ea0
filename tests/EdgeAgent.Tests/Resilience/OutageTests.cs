using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Resilience;

/// <summary>The cloud goes away during traffic: a private Azurite is stopped and started again.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task While_azurite_is_down_acks_continue_and_afterwards_everything_drains_in_order_per_patient()
    {
        await using var azurite = new PrivateAzurite();
        await azurite.StartAsync();
        var settings = new AgentSettings(azurite.ConnectionString);
        await using var agent = await InProcessAgent.StartAsync(settings);
        var outbox = agent.Get<OutboxStore>();
        var before = Hl7Samples.Batch("O", 60, patients: 6);
        var during = Hl7Samples.Batch("O", 240, patients: 6, start: 60);
        var beforeFile = Hl7Samples.WriteMllpFile(before.Select(m => m.Text));
        var duringFile = Hl7Samples.WriteMllpFile(during.Select(m => m.Text));
        try
        {
            var (first, firstAcks) = await MllpSend.RunAsync(beforeFile, settings.MllpPort, TimeSpan.FromMinutes(1));
            first.EnsureSuccess("mllp_send before the outage");
            await Eventually.HoldsAsync(async () => (await outbox.CountAsync()).Pending == 0, "the first batch was forwarded", 60);

            await azurite.StopAsync();
            var (second, secondAcks) = await MllpSend.RunAsync(duringFile, settings.MllpPort, TimeSpan.FromMinutes(1));
            second.EnsureSuccess("mllp_send during the outage");
            Assert.Equal(during.Select(m => m.ControlId), secondAcks.Select(a => a.AcknowledgedControlId));
            Assert.All(secondAcks, a => Assert.Equal("AA", a.AcknowledgmentCode));

            using var http = new HttpClient();
            await Eventually.HoldsAsync(async () =>
            {
                var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
                return status.GetProperty("health").GetString() == "degraded"
                    && status.GetProperty("queues").GetProperty("outbox").GetProperty("pending").GetInt64() >= during.Count;
            }, "the status shows the outage and the backlog", 60);

            await azurite.StartAsync();
            await Eventually.HoldsAsync(async () => (await outbox.CountAsync()).Pending == 0, "the backlog drained", 90, agent.Logs.Dump);
            Assert.True(agent.Logs.Contains("Cloud unreachable while forwarding"), "The log says the cloud was unreachable.");
            Assert.True(agent.Logs.Contains("Cloud reachable again"), "The log says forwarding resumed.");

            await using var cloud = new IngressConsumer(azurite.ConnectionString, settings.TenantId);
            var all = before.Concat(during).ToList();
            await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.Hl7Received).Select(m => m.MessageId).Distinct().Count() >= all.Count,
                "every message reached the cloud", 60);
            var received = cloud.OfKind(BusMessageKinds.Hl7Received)
                .DistinctBy(m => m.MessageId)
                .Select(m => (ControlId: m.Properties[Hl7MessageProperties.ControlId], m.SessionKey))
                .ToList();
            Assert.Equal(all.Count, received.Select(r => r.ControlId).Distinct().Count());
            foreach (var patient in all.GroupBy(m => m.PatientId))
            {
                var seen = received.Where(r => r.SessionKey == $"{settings.TenantId}/{patient.Key}").Select(r => r.ControlId).ToList();
                Assert.Equal(patient.Select(m => m.ControlId), seen);
            }
        }
        finally
        {
            File.Delete(beforeFile);
            File.Delete(duringFile);
        }
    }
}
