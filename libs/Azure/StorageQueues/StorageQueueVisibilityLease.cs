using Azure;
using Azure.Storage.Queues;
using CloudRisPacs.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Azure.StorageQueues;

/// <summary>
/// Keeps a received message invisible while its handler runs: every half visibility timeout the message's visibility
/// is extended by another timeout. Each extension gives the message a new pop receipt, and only the newest one can
/// delete or update it, so settlement uses <see cref="PopReceipt"/> after <see cref="StopAsync"/>. Without this, a
/// handler slower than the timeout would see its message handled a second time, concurrently.
/// </summary>
internal sealed partial class StorageQueueVisibilityLease : IDisposable
{
    private readonly QueueClient queue;
    private readonly string messageId;
    private readonly TimeSpan visibilityTimeout;
    private readonly StorageRoundTrips roundTrips;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private Task? renewing;

    private StorageQueueVisibilityLease(QueueClient queue, string messageId, string popReceipt, TimeSpan visibilityTimeout,
        StorageRoundTrips roundTrips, TimeProvider timeProvider, ILogger logger)
    {
        this.queue = queue;
        this.messageId = messageId;
        PopReceipt = popReceipt;
        this.visibilityTimeout = visibilityTimeout;
        this.roundTrips = roundTrips;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>The newest pop receipt: the one that settles the message.</summary>
    public string PopReceipt { get; private set; }

    public static StorageQueueVisibilityLease Start(QueueClient queue, string messageId, string popReceipt, TimeSpan visibilityTimeout,
        StorageRoundTrips roundTrips, TimeProvider timeProvider, ILogger logger)
    {
        var lease = new StorageQueueVisibilityLease(queue, messageId, popReceipt, visibilityTimeout, roundTrips, timeProvider, logger);
        lease.renewing = lease.RenewAsync();
        return lease;
    }

    /// <summary>Stops extending; afterwards <see cref="PopReceipt"/> no longer changes.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await renewing!.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => stop.Dispose();

    private async Task RenewAsync()
    {
        var interval = visibilityTimeout / 2;
        while (true)
        {
            await Task.Delay(interval, timeProvider, stop.Token).ConfigureAwait(false);
            try
            {
                roundTrips.Record(StorageService.Queue, "update");
                // Not cancelled by stop: an extension the service applied must leave its receipt here, or settlement fails.
                var receipt = await queue.UpdateMessageAsync(messageId, PopReceipt, (string?)null, visibilityTimeout, CancellationToken.None)
                    .ConfigureAwait(false);
                PopReceipt = receipt.Value.PopReceipt;
            }
            catch (RequestFailedException ex)
            {
                // The message may reappear to another receiver; its handlers are idempotent, so this costs a duplicate, not a loss.
                LogExtensionFailed(logger, ex, messageId, queue.Name);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning,
        Message = "Extending the visibility of queue message {TransportMessageId} on {Queue} failed; it may be delivered again while its handler runs")]
    private static partial void LogExtensionFailed(ILogger logger, Exception exception, string transportMessageId, string queue);
}
