using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Inbound;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Mllp;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Inbound;

public sealed class DurableHl7HandlerTests
{
    [Fact]
    public async Task A_message_is_acked_only_once_it_is_in_the_store_and_a_resend_is_acked_without_a_second_record()
    {
        await using var harness = new HandlerHarness();
        var bytes = Encoding.ASCII.GetBytes(Hl7Samples.Adt("C-1", "P1", 1));

        var ack = Ack(await harness.SendAsync(bytes));
        Assert.Equal(("AA", "C-1"), (ack.AcknowledgmentCode, ack.AcknowledgedControlId));
        var stored = Assert.Single(await harness.Temp.Outbox.ReadPendingAsync(10));
        Assert.Equal(bytes, stored.Message.Body.ToArray());
        Assert.Equal("clinic-a/P1", stored.Message.SessionKey);

        var again = Ack(await harness.SendAsync(bytes));
        Assert.Equal(("AA", "C-1"), (again.AcknowledgmentCode, again.AcknowledgedControlId));
        Assert.Single(await harness.Temp.Outbox.ReadPendingAsync(10));
        Assert.Equal(1, harness.Counters.Get(EdgeCounters.Hl7Duplicates));

        // Same control id, different content: a different message, stored and forwarded.
        Ack(await harness.SendAsync(Encoding.ASCII.GetBytes(Hl7Samples.Adt("C-1", "P1", 2))));
        Assert.Equal(2, (await harness.Temp.Outbox.ReadPendingAsync(10)).Count);
    }

    [Fact]
    public async Task A_message_refused_once_and_valid_now_is_accepted_and_forwarded_and_its_resend_is_a_duplicate()
    {
        await using var harness = new HandlerHarness();
        var bytes = Encoding.ASCII.GetBytes(Hl7Samples.Adt("R-1", "P1", 1));
        // The same store behind an agent that refused the message (a lower size limit stands in for any refusal an
        // upgrade or a configuration change lifts later).
        var strict = new DurableHl7Handler(harness.Temp.Inbound, harness.Site, harness.Counters, TimeProvider.System,
            NullLogger<DurableHl7Handler>.Instance, maxMessageBytes: 64);
        Assert.Equal("AR", Ack(await strict.HandleAsync(new MllpMessageContext(bytes, HandlerHarness.Connection, 1), CancellationToken.None)).AcknowledgmentCode);

        Assert.Equal("AA", Ack(await harness.SendAsync(bytes)).AcknowledgmentCode);
        Assert.Equal("AA", Ack(await harness.SendAsync(bytes)).AcknowledgmentCode);

        var pending = await harness.Temp.Outbox.ReadPendingAsync(10);
        Assert.Equal([BusMessageKinds.Hl7Rejected, BusMessageKinds.Hl7Received], pending.Select(p => p.Message.Kind));
        Assert.NotEqual(pending[0].Message.MessageId, pending[1].Message.MessageId);
        Assert.Equal(bytes, pending[1].Message.Body.ToArray());
        Assert.Equal(1, harness.Counters.Get(EdgeCounters.Hl7Duplicates));
        Assert.NotNull(await harness.Temp.Inbound.FindAsync(pending[1].Message.MessageId));
    }

    [Theory]
    [InlineData("AL", "CA")]
    [InlineData("SU", "CA")]
    [InlineData("NE", "")]
    [InlineData("ER", "")]
    public async Task Enhanced_mode_sends_the_commit_ack_as_MSH_15_asks(string acceptType, string expected)
    {
        await using var harness = new HandlerHarness();
        var response = await harness.SendAsync(Encoding.ASCII.GetBytes(Hl7Samples.EnhancedAdt("E-1", "P1", acceptType, "AL")));
        Assert.Equal(expected, response.IsEmpty ? string.Empty : Ack(response).AcknowledgmentCode);
        Assert.Single(await harness.Temp.Outbox.ReadPendingAsync(10)); // stored either way
    }

    [Fact]
    public async Task An_unreadable_message_is_nakked_with_its_parse_error_and_stored_as_rejected()
    {
        await using var harness = new HandlerHarness();
        var response = Ack(await harness.SendAsync("MSH|^~\\&|RIS|CLINIC|X|Y|20240320||ADT^A08|Z-9|P|2.5.1||||||BOGUS-CHARSET\rPID|1\r"u8.ToArray()));
        Assert.Equal(("AR", "Z-9"), (response.AcknowledgmentCode, response.AcknowledgedControlId));
        Assert.NotEmpty(response.Errors);
        var rejected = Assert.Single(await harness.Temp.Outbox.ReadPendingAsync(10));
        Assert.Equal(BusMessageKinds.Hl7Rejected, rejected.Message.Kind);
        Assert.Equal("clinic-a/-", rejected.Message.SessionKey);
    }

    [Fact]
    public void Every_valid_message_is_acked_with_its_own_control_id_and_stored_byte_for_byte()
    {
        var token = Gen.Elements("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.".ToCharArray()).ArrayOf().Where(a => a.Length is > 0 and <= 20)
            .Select(a => new string(a));
        var cases = token.SelectMany(control => token.Select(patient => (control, patient))).ArrayOf().Where(a => a.Length is > 0 and <= 15);
        Prop.ForAll(cases.ToArbitrary(), messages =>
        {
            using var run = new SyncHarness();
            var texts = messages.Select((m, i) => Hl7Samples.Adt(m.control, m.patient, i)).ToList();
            var acks = Task.WhenAll(texts.Select(t => run.Harness.SendAsync(Encoding.ASCII.GetBytes(t)))).GetAwaiter().GetResult();
            var stored = run.Harness.Temp.Outbox.ReadPendingAsync(100).GetAwaiter().GetResult();
            return acks.Select(Ack).Select(a => (a.AcknowledgmentCode, a.AcknowledgedControlId))
                       .SequenceEqual(messages.Select(m => ("AA", m.control)))
                   && stored.Select(e => Encoding.ASCII.GetString(e.Message.Body.Span)).Order().SequenceEqual(texts.Order());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void The_acknowledgement_conditions_follow_HL7_table_0155()
    {
        Assert.True(AcknowledgementRules.ShouldSend("AL", positive: true) && AcknowledgementRules.ShouldSend("AL", positive: false));
        Assert.True(!AcknowledgementRules.ShouldSend("NE", true) && !AcknowledgementRules.ShouldSend("NE", false));
        Assert.True(AcknowledgementRules.ShouldSend("SU", true) && !AcknowledgementRules.ShouldSend("SU", false));
        Assert.True(!AcknowledgementRules.ShouldSend("ER", true) && AcknowledgementRules.ShouldSend("ER", false));
        Assert.True(AcknowledgementRules.ShouldSend(string.Empty, true) && AcknowledgementRules.ShouldSend(null, false));
    }

    internal static AckMessage Ack(ReadOnlyMemory<byte> response) => new(Hl7Message.Parse(response.Span));

    private sealed class SyncHarness : IDisposable
    {
        public HandlerHarness Harness { get; } = new();

        public void Dispose() => Harness.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
