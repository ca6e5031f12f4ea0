using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;

namespace CloudRisPacs.EdgeAgent.Tests.Outbound;

/// <summary>Enhanced acknowledgement mode: CA on commit over MLLP, then the application ACK to the RIS when the cloud's outcome arrives.</summary>
public sealed class EnhancedModeTests
{
    [Fact]
    public async Task Commit_ack_first_then_the_application_ack_from_the_cloud_outcome_reaches_the_RIS()
    {
        await using var ris = await RisListener.StartAsync("CA");
        var settings = RisDeliveryTests.RisSettings(ris, maxAttempts: 3);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var file = Hl7Samples.WriteMllpFile(
        [
            Hl7Samples.EnhancedAdt("ENH-1", "P1", "AL", "AL"),
            Hl7Samples.EnhancedAdt("ENH-2", "P2", "AL", "ER"),
            Hl7Samples.EnhancedAdt("ENH-3", "P3", "AL", "ER"),
        ]);
        try
        {
            var (result, acks) = await MllpSend.RunAsync(file, settings.MllpPort, TimeSpan.FromMinutes(1));
            result.EnsureSuccess("mllp_send");
            Assert.Equal(["CA", "CA", "CA"], acks.Select(a => a.AcknowledgmentCode));
            Assert.Equal(["ENH-1", "ENH-2", "ENH-3"], acks.Select(a => a.AcknowledgedControlId));

            await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.Hl7Received).Count >= 3, "the messages reached the cloud", 60);
            var received = cloud.OfKind(BusMessageKinds.Hl7Received).ToDictionary(m => m.Properties[Hl7MessageProperties.ControlId]);
            Assert.All(received.Values, m => Assert.Equal("enhanced", m.Properties[Hl7MessageProperties.AcknowledgementMode]));

            // The cloud processed them: AA for 1 (MSH-16 AL: sent), AA for 2 (ER: not sent), AE for 3 (ER: sent).
            var sender = new CloudPublisher(settings.StorageConnectionString, settings.TenantId);
            await sender.PublishJsonAsync(BusMessageKinds.Hl7Outcome, new Hl7Outcome { ReceivedMessageId = received["ENH-1"].MessageId, ControlId = "ENH-1", AcknowledgmentCode = "AA" });
            await sender.PublishJsonAsync(BusMessageKinds.Hl7Outcome, new Hl7Outcome { ReceivedMessageId = received["ENH-2"].MessageId, ControlId = "ENH-2", AcknowledgmentCode = "AA" });
            await sender.PublishJsonAsync(BusMessageKinds.Hl7Outcome, new Hl7Outcome
            {
                ReceivedMessageId = received["ENH-3"].MessageId, ControlId = "ENH-3", AcknowledgmentCode = "AE", ErrorCode = "204", ErrorText = "Unknown patient merge target",
            });

            await Eventually.HoldsAsync(() => ris.Received().Count >= 2, "two application ACKs reached the RIS", 60, agent.Logs.Dump);
            await Task.Delay(1000);
            var appAcks = ris.Received().Select(r => new AckMessage(Hl7Message.Parse(r.Message))).ToList();
            Assert.Equal(2, appAcks.Count);
            var first = appAcks.Single(a => a.AcknowledgedControlId == "ENH-1");
            Assert.Equal("AA", first.AcknowledgmentCode);
            Assert.Equal("RIS", first.Message.Header.GetValue(5)); // addressed back to the sender of the original
            var third = appAcks.Single(a => a.AcknowledgedControlId == "ENH-3");
            Assert.Equal("AE", third.AcknowledgmentCode);
            var err = Assert.Single(third.Errors);
            Assert.Equal(Hl7ErrorCode.UnknownKeyIdentifier, err.ErrorCode);
            Assert.Contains("Unknown patient merge target", err.DiagnosticInformation, StringComparison.Ordinal);

            // A redelivered outcome sends nothing again.
            await sender.PublishJsonAsync(BusMessageKinds.Hl7Outcome, new Hl7Outcome { ReceivedMessageId = received["ENH-1"].MessageId, ControlId = "ENH-1", AcknowledgmentCode = "AA" });
            await Task.Delay(1500);
            Assert.Equal(2, ris.Received().Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
