using System.Collections.Concurrent;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Edge.Background;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Forwarding;

/// <summary>
/// Publishes the outbox to the tenant's ingress channel. Entries of one session (patient) go out strictly in acceptance
/// order, one after the other; different sessions in parallel. An entry is marked sent only after the bus accepted it,
/// so a crash in between sends it again (receivers dedupe by message id) and never loses it. During an outage the whole
/// forwarder backs off (exponential, with jitter) and nothing is parked; an entry the cloud itself refuses is retried
/// with backoff, holding back the later entries of its session, and parked after <see cref="ForwarderOptions.MaxAttempts"/>.
/// In local mode an optional preparation step (creating the ingress queue on Azurite) runs before the first publish.
/// </summary>
public sealed class OutboxForwarder : PassingService
{
    private readonly OutboxStore outbox;
    private readonly IBusPublisher publisher;
    private readonly EdgeSite site;
    private readonly ForwarderOptions options;
    private readonly CloudContact cloud;
    private readonly EdgeCounters counters;
    private readonly TimeProvider time;
    private readonly ILogger<OutboxForwarder> logger;
    private readonly Func<CancellationToken, Task>? prepare;
    private bool prepared;
    private int outageAttempts;

    public OutboxForwarder(OutboxStore outbox, IBusPublisher publisher, EdgeSite site, ForwarderOptions options, CloudContact cloud,
        EdgeCounters counters, TimeProvider time, ILogger<OutboxForwarder> logger, Func<CancellationToken, Task>? prepare = null)
    {
        this.prepare = prepare;
        this.outbox = outbox;
        this.publisher = publisher;
        this.site = site;
        this.options = options;
        this.cloud = cloud;
        this.counters = counters;
        this.time = time;
        this.logger = logger;
        outbox.Added += (_, _) => Wake.Set();
    }

    /// <summary>True while the last attempt to reach the bus failed with an outage.</summary>
    public bool InOutage => Volatile.Read(ref outageAttempts) > 0;

    protected override ILogger PassLogger => logger;

    protected override bool BackingOff => InOutage;

    /// <summary>One pass over the oldest pending entries; returns how long to wait before the next one.</summary>
    internal override async Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken)
    {
        var pending = await outbox.ReadPendingAsync(options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return options.IdlePollInterval;
        }

        var now = time.GetUtcNow();
        var ready = ReadyPrefixes(pending, now, options.MaxRetryDelay);
        if (ready.Count == 0)
        {
            var soonest = pending.Min(e => e.NextAttemptAt) - now;
            return soonest < options.IdlePollInterval ? soonest : options.IdlePollInterval;
        }

        // Each accepted message is marked at once (group-committed with the others), so a crash re-sends as few as possible.
        var marks = new ConcurrentQueue<Task>();
        Exception? outage = null;
        if (prepare is not null && !prepared)
        {
            try
            {
                await prepare(cancellationToken).ConfigureAwait(false);
                prepared = true;
            }
            catch (Exception ex) when (PublishFailure.IsOutage(ex) && !cancellationToken.IsCancellationRequested)
            {
                outage = ex;
            }
        }

        using var passCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (outage is not null)
        {
            await passCancellation.CancelAsync().ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (session, _) =>
            {
                // At most one mark of this session is still committing while its next entry goes out: a crash re-sends
                // at most two entries per session lane (2 x Parallelism in all), however slow the disk is.
                Task previousMark = Task.CompletedTask;
                foreach (var entry in session)
                {
                    if (passCancellation.IsCancellationRequested)
                    {
                        return;
                    }

                    Task mark;
                    try
                    {
                        await publisher.PublishAsync(site.Ingress, Stamped(entry.Message), passCancellation.Token).ConfigureAwait(false);
                        mark = outbox.MarkSentAsync([entry.Message.MessageId], CancellationToken.None);
                        marks.Enqueue(mark);
                        counters.Increment(EdgeCounters.OutboxPublished);
                    }
                    catch (OperationCanceledException) when (passCancellation.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex) when (PublishFailure.IsOutage(ex))
                    {
                        Interlocked.CompareExchange(ref outage, ex, null);
                        await passCancellation.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                    catch (Exception ex)
                    {
                        await RecordRefusalAsync(entry, ex, cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    // Outside the try: a failed mark is a local fault, never the cloud refusing this entry.
                    await previousMark.ConfigureAwait(false);
                    previousMark = mark;
                }

                await previousMark.ConfigureAwait(false);
            }).ConfigureAwait(false);

        if (!marks.IsEmpty)
        {
            // Marked with CancellationToken.None: what the bus accepted must be recorded even while shutting down.
            await Task.WhenAll(marks).ConfigureAwait(false);
            cloud.Succeeded();
        }

        if (outage is not null)
        {
            // In local mode a restarted Azurite may have lost the queue: prepare again on the next pass.
            prepared = false;
            var attempt = Interlocked.Increment(ref outageAttempts);
            var delay = RetryBackoff.Delay(attempt, options.RetryDelay, options.MaxRetryDelay);
            var reason = PublishFailure.Describe(outage);
            cloud.Failed(reason);
            counters.Increment(EdgeCounters.OutboxPublishFailures);
            if (attempt == 1 || attempt % 10 == 0)
            {
                EdgeLog.ForwardOutage(logger, reason, pending.Count, delay);
            }

            return delay;
        }

        if (Interlocked.Exchange(ref outageAttempts, 0) > 0)
        {
            EdgeLog.ForwardResumed(logger, pending.Count);
        }

        return TimeSpan.Zero;
    }

    /// <summary>The outbox keeps no tenant or site per row: every entry is this agent's, stamped when it goes out.</summary>
    private BusMessage Stamped(BusMessage message) => message with { ClaimedTenant = site.Tenant.Value, SourceSite = site.SiteId };

    /// <summary>Per session, the entries that may go now: up to (not including) its first entry still waiting for a retry.</summary>
    private static List<List<OutboxEntry>> ReadyPrefixes(IReadOnlyList<OutboxEntry> pending, DateTimeOffset now, TimeSpan maxRetryDelay)
    {
        var sessions = new Dictionary<string, List<OutboxEntry>>(StringComparer.Ordinal);
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in pending)
        {
            var key = entry.Message.SessionKey;
            if (blocked.Contains(key))
            {
                continue;
            }

            if (!RetryBackoff.IsDue(entry.NextAttemptAt, now, maxRetryDelay))
            {
                blocked.Add(key);
                continue;
            }

            if (!sessions.TryGetValue(key, out var list))
            {
                sessions[key] = list = [];
            }

            list.Add(entry);
        }

        return sessions.Values.ToList();
    }

    private async Task RecordRefusalAsync(OutboxEntry entry, Exception error, CancellationToken cancellationToken)
    {
        var attempt = entry.Attempts + 1;
        var park = attempt >= options.MaxAttempts;
        var delay = RetryBackoff.Delay(attempt, options.RetryDelay, options.MaxRetryDelay);
        var reason = PublishFailure.Describe(error);
        counters.Increment(EdgeCounters.OutboxPublishFailures);
        await outbox.RecordFailureAsync(entry.Message.MessageId, reason, time.GetUtcNow() + delay, park, cancellationToken).ConfigureAwait(false);
        if (park)
        {
            counters.Increment(EdgeCounters.OutboxParked);
            EdgeLog.ForwardParked(logger, entry.Message.Kind, entry.Message.MessageId, attempt, reason);
        }
        else
        {
            EdgeLog.ForwardRefused(logger, entry.Message.Kind, entry.Message.MessageId, attempt, reason, delay);
        }
    }
}
