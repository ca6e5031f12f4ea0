using Azure;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Azure.StorageQueues;

/// <summary>
/// Backlog of a Storage Queue channel: the approximate message count (including invisible ones), the age of the
/// oldest visible message (peek sees only visible messages), and the poison queue's count.
/// </summary>
public sealed class StorageQueueBacklogProbe(QueueServiceClient service, StorageRoundTrips roundTrips, TimeProvider? timeProvider = null)
    : IBusBacklogProbe
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public async Task<BusBacklog> GetBacklogAsync(BusChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var queue = service.GetQueueClient(channel.Name);
        roundTrips.Record(StorageService.Queue, "properties");
        var count = (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        roundTrips.Record(StorageService.Queue, "peek");
        var peeked = (await queue.PeekMessagesAsync(1, cancellationToken).ConfigureAwait(false)).Value;
        var now = clock.GetUtcNow();
        TimeSpan? oldest = peeked.Length > 0 && peeked[0].InsertedOn is { } inserted ? now - inserted : null;

        long? parked;
        try
        {
            roundTrips.Record(StorageService.Queue, "properties");
            parked = (await service.GetQueueClient(StorageQueueBusOptions.PoisonQueueName(channel.Name))
                .GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            parked = 0;
        }

        return new BusBacklog(channel, count, oldest, parked, now);
    }
}
