using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.EdgeAgent.Tests.Inbound;

/// <summary>A message over the agent's size limit is refused, and the refusal reaches the cloud's exception list like any other.</summary>
public sealed class OversizeMessageTests
{
    [Fact]
    public async Task A_message_over_the_limit_gets_a_nak_and_is_recorded_as_rejected_with_its_size_and_the_limit()
    {
        var settings = new AgentSettings().Set("Mllp:MaxMessageBytes", 2048);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var big = "MSH|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320071500||ORU^R01|BIG-1|P|2.5.1\r"
            + "PID|1||P1||Doe^Jane\rOBX|1|TX|||" + new string('x', 6000) + "\r";
        await using var ris = new MllpClient(new MllpClientOptions { Host = "127.0.0.1", Port = settings.MllpPort, MaxAttempts = 1 });

        var nak = await ris.SendAsync(Encoding.ASCII.GetBytes(big), CancellationToken.None);

        Assert.Equal(("AE", "BIG-1"), (nak.AcknowledgmentCode, nak.AcknowledgedControlId));
        Assert.Equal(Hl7ErrorCode.ValueTooLong, nak.Errors.Single().ErrorCode);
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.Hl7Rejected).Count >= 1, "the refusal reached the cloud", 60, agent.Logs.Dump);
        var rejected = Assert.Single(cloud.OfKind(BusMessageKinds.Hl7Rejected));
        Assert.Equal("BIG-1", rejected.Properties[Hl7MessageProperties.ControlId]);
        Assert.Equal("RIS|CLINIC", rejected.Properties[Hl7MessageProperties.Sender]);
        var reason = rejected.Properties[Hl7MessageProperties.RejectionReason];
        Assert.Contains("maximum size of 2048 bytes", reason, StringComparison.Ordinal);
        Assert.Contains("bytes received before it was refused", reason, StringComparison.Ordinal);
        Assert.StartsWith(big[..MllpFrameReader.OversizeHeadLength], Encoding.ASCII.GetString(rejected.Body.Span), StringComparison.Ordinal);
        Assert.Empty(cloud.OfKind(BusMessageKinds.Hl7Received));
    }
}
