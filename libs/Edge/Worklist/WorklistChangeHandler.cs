using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Worklist;

/// <summary>Bus handler for <c>worklist.changed</c>: incremental changes and snapshot parts into the local cache.</summary>
public sealed class WorklistChangeHandler(WorklistCacheStore cache, EdgeCounters counters, ILogger<WorklistChangeHandler> logger)
    : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        var change = BusContractJson.Deserialize<WorklistChange>(message);
        using var scope = EdgeLog.CorrelationScope(logger, message.CorrelationId ?? message.MessageId);
        if (change.IsSnapshot)
        {
            if (string.IsNullOrEmpty(change.SnapshotId) || change.SnapshotPart < 1 || change.SnapshotPart > Math.Max(1, change.SnapshotPartCount))
            {
                return BusHandlingResult.DeadLetter(BusDeadLetterReasons.MalformedBody,
                    $"Worklist snapshot part {change.SnapshotPart} of {change.SnapshotPartCount} (snapshot '{change.SnapshotId}') is not addressable.");
            }

            var completed = await cache.AddSnapshotPartAsync(change, cancellationToken).ConfigureAwait(false);
            if (completed is { } done)
            {
                counters.Increment(EdgeCounters.WorklistChanges);
                EdgeLog.WorklistSnapshotApplied(logger, change.SnapshotId, done.Items, done.Result.Removed);
            }

            return BusHandlingResult.Complete;
        }

        var result = await cache.ApplyAsync(change.Upserts, change.Removals, cancellationToken).ConfigureAwait(false);
        counters.Increment(EdgeCounters.WorklistChanges);
        EdgeLog.WorklistApplied(logger, result.Upserted, result.Removed, result.Ignored, "worklist.changed");
        return BusHandlingResult.Complete;
    }
}
