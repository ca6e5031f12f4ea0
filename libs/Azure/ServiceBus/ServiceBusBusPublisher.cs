using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Azure.ServiceBus;

/// <summary>
/// Publishes envelopes to Service Bus session queues. Bodies above <see cref="ServiceBusBusOptions.ClaimCheckThresholdBytes"/>
/// go to the tenant's claim-check container. Batches are split where the session changes (a partitioned entity
/// accepts one session per batch) or the batch is full, and sent in order.
/// </summary>
public sealed class ServiceBusBusPublisher : IBusPublisher, IAsyncDisposable
{
    private readonly ServiceBusClient client;
    private readonly BusClaimCheck claims;
    private readonly ServiceBusBusOptions options;
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.Ordinal);

    public ServiceBusBusPublisher(ServiceBusClient client, BusClaimCheck claims, ServiceBusBusOptions options)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public async Task PublishAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var transport = await ToTransportAsync(channel, message, cancellationToken).ConfigureAwait(false);
        await Sender(channel).SendMessageAsync(transport, cancellationToken).ConfigureAwait(false);
    }

    public async Task PublishBatchAsync(BusChannel channel, IReadOnlyList<BusMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            message.Validate();
        }

        var sender = Sender(channel);
        ServiceBusMessageBatch? batch = null;
        string? batchSession = null;
        try
        {
            foreach (var message in messages)
            {
                var transport = await ToTransportAsync(channel, message, cancellationToken).ConfigureAwait(false);
                if (batch is not null)
                {
                    if (batchSession == transport.SessionId && batch.TryAddMessage(transport))
                    {
                        continue;
                    }

                    await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch.Dispose();
                    batch = null;
                }

                batch = await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
                if (!batch.TryAddMessage(transport))
                {
                    throw TooLarge(message);
                }

                batchSession = transport.SessionId;
            }

            if (batch is { Count: > 0 })
            {
                await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            batch?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in senders.Values)
        {
            await sender.DisposeAsync().ConfigureAwait(false);
        }

        senders.Clear();
    }

    private async Task<ServiceBusMessage> ToTransportAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        if (message.Body.Length <= options.ClaimCheckThresholdBytes)
        {
            return ServiceBusEnvelopeMapper.ToServiceBusMessage(message);
        }

        var claim = await claims.StoreAsync(channel, message, cancellationToken).ConfigureAwait(false);
        return ServiceBusEnvelopeMapper.ToServiceBusMessage(message, claim);
    }

    private static ArgumentException TooLarge(BusMessage message) =>
        new($"Bus message '{message.MessageId}' does not fit a Service Bus message even with its body claim-checked: its properties are too large.",
            nameof(message));

    private ServiceBusSender Sender(BusChannel channel) => senders.GetOrAdd(channel.Name, client.CreateSender);
}
