using System.Collections.Concurrent;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Azure.StorageQueues;

/// <summary>
/// Publishes envelopes to Storage Queues (local mode). The envelope is serialized as JSON into the queue message;
/// when that exceeds <see cref="StorageQueueBusOptions.MaxMessageBytes"/> (64 KiB; the body is base64 inside, so
/// about 47 KiB of body fit), the body goes to the tenant's claim-check container and the message carries the claim.
/// Storage Queues have no batch send: a batch is sent message by message, in order.
/// </summary>
public sealed class StorageQueueBusPublisher : IBusPublisher
{
    private readonly QueueServiceClient service;
    private readonly BusClaimCheck claims;
    private readonly StorageRoundTrips roundTrips;
    private readonly StorageQueueBusOptions options;
    private readonly ConcurrentDictionary<string, QueueClient> queues = new(StringComparer.Ordinal);

    public StorageQueueBusPublisher(QueueServiceClient service, BusClaimCheck claims, StorageRoundTrips roundTrips, StorageQueueBusOptions options)
    {
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.roundTrips = roundTrips ?? throw new ArgumentNullException(nameof(roundTrips));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        AzureConfigurationException.ThrowIfAny("the Storage Queue bus", options.ValidateTuning());
    }

    public async Task PublishAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var (text, claim) = await EncodeAsync(channel, message, cancellationToken).ConfigureAwait(false);
        try
        {
            roundTrips.Record(StorageService.Queue, "send");
            await Queue(channel.Name).SendMessageAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch when (claim is not null)
        {
            // The message was not sent, so nothing will ever fetch or delete its claim blob.
            await claims.DeleteAsync(channel, claim, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task PublishBatchAsync(BusChannel channel, IReadOnlyList<BusMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            message.Validate();
        }

        foreach (var message in messages)
        {
            await PublishAsync(channel, message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(string Text, BusBodyClaim? Claim)> EncodeAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken)
    {
        var inline = BusEnvelopeSerializer.SerializeToString(message);
        if (inline.Length <= options.MaxMessageBytes)
        {
            return (inline, null);
        }

        var claim = await claims.StoreAsync(channel, message, cancellationToken).ConfigureAwait(false);
        var text = BusEnvelopeSerializer.SerializeToString(message, claim);
        if (text.Length > options.MaxMessageBytes)
        {
            await claims.DeleteAsync(channel, claim, CancellationToken.None).ConfigureAwait(false);
            throw new ArgumentException(
                $"Bus message '{message.MessageId}' does not fit a queue message even with its body claim-checked ({text.Length} bytes): " +
                "its properties are too large.", nameof(message));
        }

        return (text, claim);
    }

    private QueueClient Queue(string name) => queues.GetOrAdd(name, service.GetQueueClient);
}
