using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.EdgeAgent.Tests.Interop;

/// <summary>python-hl7's <c>mllp_send</c> against the whole agent, with the cloud's side played by the real Storage Queue pump on Azurite.</summary>
public sealed class MllpSendToAgentTests
{
    [Fact]
    public async Task A_file_of_1000_messages_is_acked_with_the_right_control_ids_and_forwarded_exactly_once()
    {
        var settings = new AgentSettings();
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var batch = Hl7Samples.Batch("M", 1000, patients: 25);
        var file = Hl7Samples.WriteMllpFile(batch.Select(m => m.Text));
        try
        {
            var (result, acks) = await MllpSend.RunAsync(file, settings.MllpPort, TimeSpan.FromMinutes(2));
            result.EnsureSuccess("mllp_send");

            Assert.Equal(batch.Count, acks.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                Assert.Equal("AA", acks[i].AcknowledgmentCode);
                Assert.Equal(batch[i].ControlId, acks[i].AcknowledgedControlId);
            }

            await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.Hl7Received).Count >= batch.Count,
                "every message reached the cloud's bus handler", 90, () => $"{cloud.Deliveries.Count} delivered");
            await Task.Delay(1000); // a duplicate would arrive right behind
            var received = cloud.OfKind(BusMessageKinds.Hl7Received);
            Assert.Equal(batch.Count, received.Count);
            Assert.Equal(batch.Count, received.Select(m => m.MessageId).Distinct().Count());
            var byControlId = received.ToDictionary(m => m.Properties[Hl7MessageProperties.ControlId]);
            foreach (var (controlId, patientId, text) in batch)
            {
                var message = byControlId[controlId];
                // mllp_send strips the final CR of each message; the agent forwards exactly the bytes it received.
                Assert.Equal(text.TrimEnd('\r'), Encoding.ASCII.GetString(message.Body.Span));
                Assert.Equal($"{settings.TenantId}/{patientId}", message.SessionKey);
                Assert.Equal(settings.TenantId, message.ClaimedTenant);
                Assert.Equal("original", message.Properties[Hl7MessageProperties.AcknowledgementMode]);
                Assert.True(BusMessageRules.IsValidTraceParent(message.TraceParent));
                Assert.NotNull(message.CorrelationId);
            }

            // Per patient, the cloud saw the messages in the order the RIS sent them.
            foreach (var patient in batch.GroupBy(m => m.PatientId))
            {
                var sent = patient.Select(m => m.ControlId).ToList();
                var seen = received.Where(m => m.SessionKey.EndsWith($"/{patient.Key}", StringComparison.Ordinal))
                    .Select(m => m.Properties[Hl7MessageProperties.ControlId]).ToList();
                Assert.Equal(sent, seen);
            }

            // Everything left the outbox: the 1,000 messages and the start-up worklist snapshot request.
            var (pending, sentCount, parked) = await agent.Get<OutboxStore>().CountAsync();
            Assert.Equal((0L, 1001L, 0L), (pending, sentCount, parked));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_invalid_message_gets_a_nak_with_err_and_is_recorded_and_reported_as_rejected()
    {
        var settings = new AgentSettings();
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var missingPatientId = "MSH|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320071500||ADT^A08^ADT_A01|BAD-1|P|2.5.1\rEVN|A08|20240320071500\rPID|1||||Doe^Jane\rPV1|1|O\r";
        var unreadable = "MSH|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320071500||ADT^A08|BAD-2|P|9.9\rPID|\r";
        var file = Hl7Samples.WriteMllpFile([missingPatientId, unreadable, Hl7Samples.Adt("GOOD-1", "P1", 1)]);
        try
        {
            var (result, acks) = await MllpSend.RunAsync(file, settings.MllpPort, TimeSpan.FromMinutes(1));
            result.EnsureSuccess("mllp_send");
            Assert.True(3 == acks.Count, result.StandardOutput.Replace('\r', '\n'));
            Assert.True(acks[0].Errors.Count == 1, acks[0].Message.ToEr7().Replace('\r', '\n'));

            Assert.Equal("AE", acks[0].AcknowledgmentCode);
            Assert.Equal("BAD-1", acks[0].AcknowledgedControlId);
            var err = Assert.Single(acks[0].Errors);
            Assert.Equal(Hl7ErrorCode.RequiredFieldMissing, err.ErrorCode);
            Assert.Contains("PID-3", err.DiagnosticInformation, StringComparison.Ordinal);

            Assert.Equal("AR", acks[1].AcknowledgmentCode);
            Assert.Equal("BAD-2", acks[1].AcknowledgedControlId);
            Assert.NotEmpty(acks[1].Errors);

            Assert.Equal("AA", acks[2].AcknowledgmentCode);

            await Eventually.HoldsAsync(() => cloud.Deliveries.Count(m => m.Kind.StartsWith("hl7.", StringComparison.Ordinal)) >= 3,
                "all three reached the cloud", 60);
            var rejected = cloud.OfKind(BusMessageKinds.Hl7Rejected);
            Assert.Equal(["BAD-1", "BAD-2"], rejected.Select(m => m.Properties[Hl7MessageProperties.ControlId]).Order().ToArray());
            Assert.All(rejected, m => Assert.False(string.IsNullOrWhiteSpace(m.Properties[Hl7MessageProperties.RejectionReason])));
            Assert.Contains("PID-3", rejected.Single(m => m.Properties[Hl7MessageProperties.ControlId] == "BAD-1")
                .Properties[Hl7MessageProperties.RejectionReason], StringComparison.Ordinal);
            Assert.Single(cloud.OfKind(BusMessageKinds.Hl7Received));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
