using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Batch;

namespace CloudRisPacs.EdgeAgent.Tests.Inbound;

public sealed class Hl7BatchHandlerTests
{
    private const string Unreadable = "MSH|^~\\&|RIS|CLINIC|X|Y|20240320||ADT^A08|Z-9|P|2.5.1||||||BOGUS-CHARSET\rPID|1\r";

    [Fact]
    public async Task Each_message_of_a_batch_is_stored_and_acknowledged_as_a_single_one_would_be_and_a_resend_stores_nothing_twice()
    {
        await using var harness = new HandlerHarness();
        var messages = new[] { Hl7Samples.Adt("C-1", "P1", 1), Unreadable, Hl7Samples.EnhancedAdt("E-1", "P2", accept: "NE"), Hl7Samples.Adt("C-2", "P3", 2) };
        var frame = Encoding.ASCII.GetBytes("BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-1\r" + string.Concat(messages) + "BTS|4\r");

        var response = await harness.SendAsync(frame);

        var answer = Hl7BatchReader.Read(response);
        Assert.Contains("|B-1\r", Encoding.ASCII.GetString(response.Span), StringComparison.Ordinal);
        var acks = answer.Messages.Select(DurableHl7HandlerTests.Ack).ToList();
        Assert.Equal([("AA", "C-1"), ("AR", "Z-9"), ("AA", "C-2")], acks.Select(a => (a.AcknowledgmentCode, a.AcknowledgedControlId)));
        Assert.EndsWith("BTS|3\r", Encoding.ASCII.GetString(response.Span), StringComparison.Ordinal); // MSH-15 NE: no acknowledgement for E-1
        var stored = await harness.Temp.Outbox.ReadPendingAsync(10);
        Assert.Equal([BusMessageKinds.Hl7Received, BusMessageKinds.Hl7Rejected, BusMessageKinds.Hl7Received, BusMessageKinds.Hl7Received],
            stored.Select(s => s.Message.Kind));
        Assert.Equal(messages, stored.Select(s => Encoding.ASCII.GetString(s.Message.Body.Span)));
        Assert.Equal(["clinic-a/P1", "clinic-a/-", "clinic-a/P2", "clinic-a/P3"], stored.Select(s => s.Message.SessionKey));

        var again = Hl7BatchReader.Read(await harness.SendAsync(frame));
        Assert.Equal(acks.Select(a => (a.AcknowledgmentCode, a.AcknowledgedControlId)),
            again.Messages.Select(DurableHl7HandlerTests.Ack).Select(a => (a.AcknowledgmentCode, a.AcknowledgedControlId)));
        Assert.Equal(4, (await harness.Temp.Outbox.ReadPendingAsync(10)).Count);
        Assert.Equal(4, harness.Counters.Get(EdgeCounters.Hl7Duplicates));
    }

    [Fact]
    public async Task A_batch_whose_count_disagrees_is_refused_whole_none_of_it_forwarded_and_recorded_as_one_rejection()
    {
        await using var harness = new HandlerHarness();
        var frame = Encoding.ASCII.GetBytes("BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-2\r"
            + Hl7Samples.Adt("C-1", "P1", 1) + Hl7Samples.Adt("C-2", "P2", 2) + "BTS|3\r");

        var answer = Hl7BatchReader.Read(await harness.SendAsync(frame));

        var ack = DurableHl7HandlerTests.Ack(Assert.Single(answer.Messages));
        Assert.Equal(("AR", "B-2"), (ack.AcknowledgmentCode, ack.AcknowledgedControlId));
        Assert.Contains("BTS-1 declares 3 messages, the batch holds 2", Assert.Single(ack.Errors).DiagnosticInformation, StringComparison.Ordinal);
        var rejected = Assert.Single(await harness.Temp.Outbox.ReadPendingAsync(10));
        Assert.Equal(BusMessageKinds.Hl7Rejected, rejected.Message.Kind);
        Assert.Equal(frame, rejected.Message.Body.ToArray());
        Assert.Equal("B-2", rejected.Message.Properties[Hl7MessageProperties.ControlId]);
        Assert.Equal("BATCH", rejected.Message.Properties[Hl7MessageProperties.MessageType]);
        Assert.Contains("BTS-1", rejected.Message.Properties[Hl7MessageProperties.RejectionReason], StringComparison.Ordinal);
        Assert.Equal(0, harness.Counters.Get(EdgeCounters.Hl7Accepted));
    }
}
