using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Outbound;
using CloudRisPacs.EdgeAgent.Tests.Inbound;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Segments;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Outbound;

/// <summary>
/// Enhanced mode's application ACK on its way to the RIS (python-hl7 playing a RIS): it is a message of its own, which a
/// RIS acknowledges only when its MSH-15 asks (HL7 v2.5 2.9.3), and it counts as delivered only on that commit ACK.
/// </summary>
public sealed class ApplicationAckDeliveryTests
{
    [Fact]
    public async Task The_application_ack_asks_for_a_commit_ack_and_a_conformant_RIS_takes_it_at_the_first_attempt()
    {
        var (received, state) = await DeliverOnceAsync("conformant", "APP-1", TimeSpan.FromSeconds(3));

        Assert.Equal((1, 1, "CA"), (state.State, state.Attempts, state.LastCode)); // delivered on the RIS's commit ACK
        var (answer, text) = Assert.Single(received);
        Assert.Equal("CA", answer);
        var sent = new AckMessage(Hl7Message.Parse(text));
        Assert.Equal(("AA", "APP-1"), (sent.AcknowledgmentCode, sent.AcknowledgedControlId));
        var msh = new MshSegment(sent.Message.Header);
        Assert.Equal(("AL", "NE"), (msh.AcceptAcknowledgmentType, msh.ApplicationAcknowledgmentType));
    }

    [Fact]
    public async Task An_application_ack_the_RIS_never_answers_is_parked_not_claimed_delivered()
    {
        var (received, state) = await DeliverOnceAsync("timeout", "APP-2", TimeSpan.FromSeconds(1));

        Assert.Single(received);
        Assert.Equal(2, state.State); // parked
        Assert.Contains("no ACK within", state.LastError, StringComparison.Ordinal);
    }

    // One delivery pass (one attempt allowed) of an application ACK to a RIS answering by the script.
    private static async Task<(IReadOnlyList<(string Answer, string Message)> Received, (int State, int Attempts, string? LastCode, string? LastError) State)>
        DeliverOnceAsync(string script, string controlId, TimeSpan responseTimeout)
    {
        await using var ris = await RisListener.StartAsync(script);
        await using var harness = new HandlerHarness();
        var ackId = await QueueApplicationAckAsync(harness, controlId);
        using var delivery = DeliveryPassTests.Delivery(harness.Temp,
            new RisEndpointOptions { Host = "127.0.0.1", Port = ris.Port, ResponseTimeout = responseTimeout, MaxAttempts = 1 });

        await delivery.RunPassAsync(CancellationToken.None);

        return (ris.Received(), (await harness.Temp.Outbound.GetStateAsync(ackId))!.Value);
    }

    // The RIS's enhanced-mode message is committed (CA), then the cloud's outcome queues the application ACK.
    private static async Task<string> QueueApplicationAckAsync(HandlerHarness harness, string controlId)
    {
        var commit = DurableHl7HandlerTests.Ack(await harness.SendAsync(Encoding.ASCII.GetBytes(Hl7Samples.EnhancedAdt(controlId, "P1", "AL", "AL"))));
        Assert.Equal("CA", commit.AcknowledgmentCode);
        var received = Assert.Single(await harness.Temp.Outbox.ReadPendingAsync(10)).Message.MessageId;
        var outcome = new EdgeMessages(harness.Site, TimeProvider.System).Json(BusMessageKinds.Hl7Outcome,
            new Hl7Outcome { ReceivedMessageId = received, ControlId = controlId, AcknowledgmentCode = "AA" }, patientId: null);
        var handler = new Hl7OutcomeHandler(harness.Temp.Inbound, harness.Temp.Outbound, harness.Counters, TimeProvider.System,
            NullLogger<Hl7OutcomeHandler>.Instance);
        await handler.HandleAsync(outcome, new BusDelivery(harness.Site.Edge, 1, "outcome-1", null), CancellationToken.None);
        return $"ack-{received}";
    }
}
