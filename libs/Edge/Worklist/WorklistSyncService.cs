using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Cloud;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Worklist;

/// <summary>
/// Keeps the worklist cache whole: at start-up it asks the cloud for a snapshot (<c>worklist.snapshot-requested</c>,
/// through the outbox, so the request survives an outage; it replaces one still pending from an earlier start), then
/// pulls the full list over HTTP at once and every <see cref="WorklistSyncOptions.FullSyncInterval"/>. A failed pull
/// leaves the cache as it is: modalities keep working.
/// </summary>
public sealed class WorklistSyncService(
    WorklistCacheStore cache,
    OutboxStore outbox,
    EdgeMessages messages,
    EdgeSite site,
    WorklistSyncOptions options,
    WorklistApiClient? api,
    CloudContact cloud,
    EdgeCounters counters,
    TimeProvider time,
    ILogger<WorklistSyncService> logger) : BackgroundService
{
    private readonly Lock gate = new();
    private (DateTimeOffset At, string Reason)? lastFailure;

    /// <summary>True when the full list is pulled over HTTP (<c>Cloud:ApiBaseUri</c> is set).</summary>
    public bool Pulls => api is not null;

    /// <summary>
    /// The last full pull's failure, null once a pull succeeds. Kept here rather than only in <see cref="CloudContact"/>,
    /// where any other channel's success hides it within a heartbeat.
    /// </summary>
    public (DateTimeOffset At, string Reason)? LastFailure
    {
        get
        {
            lock (gate)
            {
                return lastFailure;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var request = messages.Json(BusMessageKinds.WorklistSnapshotRequested,
            new SnapshotRequest(site.SiteId, "start-up", time.GetUtcNow()), patientId: null);
        await cache.RequestSnapshotAsync(request, stoppingToken).ConfigureAwait(false);
        outbox.NotifyAdded();
        if (api is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.FullSyncInterval, time);
        do
        {
            await SyncOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// One full pull; false (logged, and kept for <c>/status</c>) when the cloud could not be reached, answered badly or
    /// not in time, or the cache could not take the list. Only <paramref name="cancellationToken"/> ends it with an exception:
    /// anything else escaping would end the hosted service, and with it the agent's listeners.
    /// </summary>
    public async Task<bool> SyncOnceAsync(CancellationToken cancellationToken)
    {
        if (api is null)
        {
            return false;
        }

        var requestedAt = time.GetUtcNow();
        IReadOnlyList<WorklistItem> items;
        try
        {
            items = await api.FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
        {
            cloud.Failed($"worklist sync: {ex.Message}");
            return Failed(ex);
        }

        cloud.Succeeded();
        try
        {
            var result = await cache.ApplyFullSyncAsync(items, requestedAt, cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                lastFailure = null;
            }

            counters.Increment(EdgeCounters.WorklistFullSyncs);
            EdgeLog.WorklistApplied(logger, result.Upserted, result.Removed, result.Ignored, "full sync");
            return true;
        }
        catch (Exception ex) when (!IsShutdown(ex, cancellationToken))
        {
            return Failed(ex);
        }
    }

    private static bool IsShutdown(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private bool Failed(Exception ex)
    {
        lock (gate)
        {
            lastFailure = (time.GetUtcNow(), ex.Message);
        }

        EdgeLog.WorklistSyncFailed(logger, api!.Endpoint, ex.Message);
        return false;
    }

    /// <summary>Body of <c>worklist.snapshot-requested</c>: which site asks, and why.</summary>
    private sealed record SnapshotRequest(string SiteId, string Reason, DateTimeOffset RequestedAt);
}
