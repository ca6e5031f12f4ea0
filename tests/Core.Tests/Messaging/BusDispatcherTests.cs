using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Tests.Messaging;

public sealed class BusDispatcherTests
{
    private static readonly BusChannel Channel = BusChannel.Ingress(TenantId.Parse("clinic-a"));

    private static readonly BusMessage Message = new()
    {
        MessageId = "MSG0001",
        Kind = BusMessageKinds.Hl7Received,
        SessionKey = "clinic-a/PAT1",
        ClaimedTenant = "clinic-a",
    };

    private static BusRetryPolicy Policy => new() { MaxDeliveryCount = 3, BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromMinutes(1) };

    private static BusDelivery Delivery(int count) => new(Channel, count, "q-1", null);

    [Fact]
    public async Task A_completed_message_is_completed()
    {
        var handler = new RecordingHandler(_ => BusHandlingResult.Complete);

        var settlement = await new BusDispatcher(handler, Policy).DispatchAsync(Message, Delivery(1), CancellationToken.None);

        Assert.Equal(BusOutcome.Complete, settlement.Outcome);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_retry_gets_the_policy_backoff_until_the_last_delivery_dead_letters_it()
    {
        var handler = new RecordingHandler(_ => BusHandlingResult.RetryLater("patient-locked", "row busy"));
        var dispatcher = new BusDispatcher(handler, Policy);

        var first = await dispatcher.DispatchAsync(Message, Delivery(1), CancellationToken.None);
        var second = await dispatcher.DispatchAsync(Message, Delivery(2), CancellationToken.None);
        var last = await dispatcher.DispatchAsync(Message, Delivery(3), CancellationToken.None);

        Assert.Equal(BusOutcome.Retry, first.Outcome);
        Assert.InRange(first.RetryDelay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(second.RetryDelay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.Equal("patient-locked", second.Reason);
        Assert.Equal(BusOutcome.DeadLetter, last.Outcome);
        Assert.Equal(BusDeadLetterReasons.MaxDeliveriesExceeded, last.Reason);
        Assert.Contains("patient-locked: row busy", last.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_delay_overrides_the_backoff()
    {
        var handler = new RecordingHandler(_ => BusHandlingResult.RetryLater("wait", after: TimeSpan.FromSeconds(42)));

        var settlement = await new BusDispatcher(handler, Policy).DispatchAsync(Message, Delivery(1), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(42), settlement.RetryDelay);
    }

    [Fact]
    public async Task An_unexpected_exception_is_retried_with_its_type_and_message()
    {
        var handler = new RecordingHandler(_ => throw new TimeoutException("table timed out"));

        var settlement = await new BusDispatcher(handler, Policy).DispatchAsync(Message, Delivery(1), CancellationToken.None);

        Assert.Equal(BusOutcome.Retry, settlement.Outcome);
        Assert.Equal(BusDeadLetterReasons.HandlerFailed, settlement.Reason);
        Assert.Equal("TimeoutException: table timed out", settlement.Description);
    }

    [Fact]
    public async Task A_dead_letter_exception_or_result_dead_letters_at_once_with_the_reason()
    {
        var thrown = new RecordingHandler(_ => throw new BusDeadLetterException("unmapped-order-control", "ORC-1 'ZZ' is not mapped"));
        var returned = new RecordingHandler(_ => BusHandlingResult.DeadLetter("bad-segment", "PID missing"));

        var fromThrow = await new BusDispatcher(thrown, Policy).DispatchAsync(Message, Delivery(1), CancellationToken.None);
        var fromResult = await new BusDispatcher(returned, Policy).DispatchAsync(Message, Delivery(1), CancellationToken.None);

        Assert.Equal(BusSettlement.DeadLetter("unmapped-order-control", "ORC-1 'ZZ' is not mapped"), fromThrow);
        Assert.Equal(BusSettlement.DeadLetter("bad-segment", "PID missing"), fromResult);
    }

    [Fact]
    public async Task A_payload_claiming_another_tenant_is_dead_lettered_without_reaching_the_handler()
    {
        var handler = new RecordingHandler(_ => BusHandlingResult.Complete);

        var settlement = await new BusDispatcher(handler, Policy)
            .DispatchAsync(Message with { ClaimedTenant = "clinic-b" }, Delivery(1), CancellationToken.None);

        Assert.Equal(BusOutcome.DeadLetter, settlement.Outcome);
        Assert.Equal(BusDeadLetterReasons.TenantMismatch, settlement.Reason);
        Assert.Contains("'clinic-b'", settlement.Description, StringComparison.Ordinal);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task A_message_delivered_beyond_the_limit_is_parked_unread()
    {
        var handler = new RecordingHandler(_ => BusHandlingResult.Complete);

        var settlement = await new BusDispatcher(handler, Policy).DispatchAsync(Message, Delivery(4), CancellationToken.None);

        Assert.Equal(BusDeadLetterReasons.MaxDeliveriesExceeded, settlement.Reason);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Shutdown_hands_the_message_back_at_once()
    {
        using var stop = new CancellationTokenSource();
        var handler = new RecordingHandler(token =>
        {
            stop.Cancel();
            token.ThrowIfCancellationRequested();
            return BusHandlingResult.Complete;
        });

        var settlement = await new BusDispatcher(handler, Policy).DispatchAsync(Message, Delivery(1), stop.Token);

        Assert.Equal(BusOutcome.Retry, settlement.Outcome);
        Assert.Equal(TimeSpan.Zero, settlement.RetryDelay);
    }

    [Fact]
    public void An_invalid_policy_is_refused_with_its_problems()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new BusDispatcher(new RecordingHandler(_ => BusHandlingResult.Complete), new BusRetryPolicy { MaxDeliveryCount = 0 }));

        Assert.Contains("MaxDeliveryCount must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_router_sends_each_kind_to_its_handler_and_dead_letters_unknown_kinds()
    {
        var hl7 = new RecordingHandler(_ => BusHandlingResult.Complete);
        var router = new BusMessageRouter([new(BusMessageKinds.Hl7Received, hl7)]);

        var routed = await router.HandleAsync(Message, Delivery(1), CancellationToken.None);
        var unknown = await router.HandleAsync(Message with { Kind = BusMessageKinds.DicomMpps }, Delivery(1), CancellationToken.None);

        Assert.Equal(BusHandlingResult.Complete, routed);
        Assert.Equal(1, hl7.Calls);
        Assert.Equal(BusOutcome.DeadLetter, unknown.Outcome);
        Assert.Equal(BusDeadLetterReasons.UnknownKind, unknown.Reason);
        Assert.Throws<ArgumentException>(() => new BusMessageRouter([new("a", hl7), new("a", hl7)]));
    }

    private sealed class RecordingHandler(Func<CancellationToken, BusHandlingResult> behaviour) : IBusMessageHandler
    {
        public int Calls { get; private set; }

        public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(behaviour(cancellationToken));
        }
    }
}
