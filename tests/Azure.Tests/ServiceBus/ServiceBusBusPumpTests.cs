using Azure.Messaging.ServiceBus;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.ServiceBus;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.ServiceBus;

/// <summary>
/// The Service Bus pump's handling of one delivered message: the settlement it executes on the session (complete,
/// abandon, dead-letter with reason) and the claim check against Azurite. The processor itself needs a real namespace.
/// </summary>
public sealed class ServiceBusBusPumpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly BusChannel Channel = BusChannel.Ingress(TenantId.Parse("clinic-a"));

    private static BusMessage Message(string? claimedTenant = "clinic-a", int bodyLength = 16) => new()
    {
        MessageId = "MSG0001",
        Kind = BusMessageKinds.DicomInstanceStored,
        SessionKey = "clinic-a/PAT1",
        ClaimedTenant = claimedTenant,
        Body = new byte[bodyLength],
    };

    private async Task<(ServiceBusBusPump Pump, BusClaimCheck Claims, RecordingDeadLetterObserver Observer)> CreateAsync()
    {
        var container = (await azurite.CreateContainerAsync("sbclaims")).Name;
        var claims = new BusClaimCheck(new AzureBlobStore(azurite.BlobService, new StorageRoundTrips()), _ => container);
        var observer = new RecordingDeadLetterObserver();
        var options = new ServiceBusBusOptions { FullyQualifiedNamespace = "unused.servicebus.windows.net", MaxInProcessRetryDelay = TimeSpan.Zero };
        var pump = new ServiceBusBusPump(new RecordingClient(new RecordingSender(10)), claims, observer, options);
        return (pump, claims, observer);
    }

    private static BusDispatcher Dispatcher(RecordingHandler handler, int maxDeliveries = 3) =>
        new(handler, new BusRetryPolicy { MaxDeliveryCount = maxDeliveries, BaseDelay = TimeSpan.FromMilliseconds(1) });

    private static RecordingSessionMessageArgs Args(BusMessage message, int deliveryCount = 1, BusBodyClaim? claim = null) =>
        new(ServiceBusEnvelopeMapperTests.Received(ServiceBusEnvelopeMapper.ToServiceBusMessage(message, claim), deliveryCount));

    [Fact]
    public async Task A_handled_message_is_completed_and_the_handler_sees_the_delivery()
    {
        var (pump, _, observer) = await CreateAsync();
        var handler = new RecordingHandler((_, _) => BusHandlingResult.Complete);
        var sent = Message();
        var args = Args(sent, deliveryCount: 2);

        await pump.HandleAsync(Channel, Dispatcher(handler), args);

        Assert.Equal(["complete"], args.Settlements);
        var (message, delivery, _) = Assert.Single(handler.Deliveries);
        Assert.Equal(sent, message);
        Assert.Equal((2, "42", Channel), (delivery.DeliveryCount, delivery.TransportMessageId, delivery.Channel));
        Assert.True(delivery.IsRedelivery);
        Assert.Empty(observer.DeadLetters);
    }

    [Fact]
    public async Task A_retry_abandons_and_the_last_allowed_delivery_dead_letters_with_the_reason()
    {
        var (pump, _, observer) = await CreateAsync();
        var handler = new RecordingHandler((_, _) => BusHandlingResult.RetryLater("store-busy", "table throttled"));
        var first = Args(Message(), deliveryCount: 1);
        var last = Args(Message(), deliveryCount: 3);

        await pump.HandleAsync(Channel, Dispatcher(handler), first);
        await pump.HandleAsync(Channel, Dispatcher(handler), last);

        Assert.Equal(["abandon"], first.Settlements);
        Assert.Equal(["dead-letter"], last.Settlements);
        Assert.Equal(BusDeadLetterReasons.MaxDeliveriesExceeded, last.DeadLetter.Reason);
        Assert.Contains("store-busy: table throttled", last.DeadLetter.Description, StringComparison.Ordinal);
        var deadLetter = Assert.Single(observer.DeadLetters);
        Assert.Equal(("MSG0001", BusMessageKinds.DicomInstanceStored, "ingress-clinic-a/$deadletterqueue"),
            (deadLetter.MessageId, deadLetter.Kind, deadLetter.Location));
    }

    [Fact]
    public async Task A_handler_rejection_a_foreign_tenant_and_a_malformed_message_are_dead_lettered_with_their_reasons()
    {
        var (pump, _, observer) = await CreateAsync();
        var handler = new RecordingHandler((_, _) => throw new BusDeadLetterException("unmapped-order-control", "ORC-1 'ZZ'"));
        var rejected = Args(Message());
        var foreign = Args(Message(claimedTenant: "clinic-b"));
        var sent = ServiceBusEnvelopeMapper.ToServiceBusMessage(Message());
        sent.ApplicationProperties.Remove("kind");
        sent.Subject = null;
        var malformed = new RecordingSessionMessageArgs(ServiceBusEnvelopeMapperTests.Received(sent));

        await pump.HandleAsync(Channel, Dispatcher(handler), rejected);
        await pump.HandleAsync(Channel, Dispatcher(handler), foreign);
        await pump.HandleAsync(Channel, Dispatcher(handler), malformed);

        Assert.Equal(("unmapped-order-control", "ORC-1 'ZZ'"), rejected.DeadLetter);
        Assert.Equal(BusDeadLetterReasons.TenantMismatch, foreign.DeadLetter.Reason);
        Assert.Equal(BusDeadLetterReasons.MalformedEnvelope, malformed.DeadLetter.Reason);
        Assert.Single(handler.Deliveries);
        Assert.Equal(3, observer.DeadLetters.Count);
    }

    [Fact]
    public async Task A_claim_checked_body_is_fetched_for_the_handler_and_deleted_after_completion()
    {
        var (pump, claims, _) = await CreateAsync();
        var message = Message(bodyLength: 300_000);
        var claim = await claims.StoreAsync(Channel, message, CancellationToken.None);
        var handler = new RecordingHandler((_, _) => BusHandlingResult.Complete);
        var args = Args(message, claim: claim);

        await pump.HandleAsync(Channel, Dispatcher(handler), args);

        Assert.Equal(["complete"], args.Settlements);
        Assert.Equal(message, handler.Deliveries.Single().Message);
        Assert.False(await claims.DeleteAsync(Channel, claim, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_claim_blob_is_dead_lettered_not_retried_forever()
    {
        var (pump, _, _) = await CreateAsync();
        var handler = new RecordingHandler((_, _) => BusHandlingResult.Complete);
        var args = Args(Message(), claim: new BusBodyClaim("ingress-clinic-a/gone", 10, new string('0', 64)));

        await pump.HandleAsync(Channel, Dispatcher(handler), args);

        Assert.Equal(BusDeadLetterReasons.ClaimCheckFailed, args.DeadLetter.Reason);
        Assert.Empty(handler.Deliveries);
    }
}
