using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Background;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Hl7.Mllp;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Outbound;

/// <summary>
/// Delivers the outbound queue to the RIS over one persistent MLLP connection, one message at a time and in order.
/// A failed attempt (AE/CE, wrong MSA-2, no ACK in time) is retried after a backoff with jitter, holding back the
/// messages behind it; after <see cref="RisEndpointOptions.MaxAttempts"/> it is parked and reported to the cloud
/// (<c>outbound.delivery-result</c> with Delivered=false), so the cloud raises an exception; a message MLLP cannot carry
/// is parked at once. A RIS that cannot be reached or answers AR/CR (not about the content: it cannot take messages now)
/// holds the queue without costing attempts, with the outage backoff up to <see cref="RisEndpointOptions.MaxRetryDelay"/>;
/// a message still answered AR/CR after <see cref="RisEndpointOptions.UnavailableParkAfter"/> is parked. Every result from the
/// cloud's queue is reported, delivered or parked, exactly once (committed with the state change).
/// </summary>
public sealed class OutboundDeliveryService : PassingService
{
    private readonly OutboundStore store;
    private readonly RisEndpointOptions ris;
    private readonly EdgeMessages messages;
    private readonly EdgeCounters counters;
    private readonly TimeProvider time;
    private readonly ILogger<OutboundDeliveryService> logger;
    private readonly MllpClient? client;
    private int unreachableAttempts;
    private string? unavailableItem;
    private DateTimeOffset unavailableSince;

    public OutboundDeliveryService(OutboundStore store, RisEndpointOptions ris, MllpListenerOptions listener, EdgeMessages messages, EdgeCounters counters,
        TimeProvider time, ILogger<OutboundDeliveryService> logger, ILoggerFactory loggerFactory, EdgeCertificates? certificates = null)
    {
        this.store = store;
        this.ris = ris;
        this.messages = messages;
        this.counters = counters;
        this.time = time;
        this.logger = logger;
        store.Added += (_, _) => Wake.Set();
        if (ris.IsConfigured)
        {
            client = new MllpClient(new MllpClientOptions
            {
                Host = ris.Host!,
                Port = ris.Port,
                ConnectTimeout = ris.ConnectTimeout,
                ResponseTimeout = ris.ResponseTimeout,
                MaxAttempts = 1,
                Tls = EdgeMllpTls.ClientOptions(ris, listener, certificates),
            }, loggerFactory.CreateLogger<MllpClient>());
        }
    }

    /// <summary>True while the RIS cannot be reached.</summary>
    public bool RisUnreachable => Volatile.Read(ref unreachableAttempts) > 0;

    public override void Dispose()
    {
        client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    protected override ILogger PassLogger => logger;

    /// <summary>Tries the oldest undelivered item once (if it is due); returns how long to wait before the next try.</summary>
    internal override async Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken)
    {
        if (client is null)
        {
            // No RIS configured: messages stay queued (the status endpoint shows them) until one is.
            return Timeout.InfiniteTimeSpan;
        }

        var item = await store.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return TimeSpan.FromSeconds(5);
        }

        var due = item.NextAttemptAt - time.GetUtcNow();
        if (due > ris.MaxRetryDelay)
        {
            // No retry is ever scheduled further out than the longest delay: the clock went back. Waiting for it to
            // catch up could hold the RIS's whole queue for hours (or overflow the wait beyond 49 days).
            EdgeLog.OutboundClockStepped(logger, item.OutboundId, due);
        }
        else if (due > TimeSpan.Zero)
        {
            return due;
        }

        using var scope = EdgeLog.CorrelationScope(logger, item.CorrelationId ?? item.OutboundId);
        DeliveryVerdict verdict;
        try
        {
            verdict = DeliveryVerdict.Of(await client.SendAsync(item.Body, cancellationToken).ConfigureAwait(false), ris.EffectiveUnavailableCodes);
        }
        catch (MllpException ex)
        {
            verdict = DeliveryVerdict.Of(ex, ris.ResponseTimeout);
        }
        catch (ArgumentException ex) when (!cancellationToken.IsCancellationRequested)
        {
            verdict = DeliveryVerdict.Unsendable(ex);
        }

        var attempt = item.Attempts + 1;
        switch (verdict.Kind)
        {
            case DeliveryVerdictKind.Delivered:
                Interlocked.Exchange(ref unreachableAttempts, 0);
                await store.RecordDeliveredAsync(item.OutboundId, verdict.Code!, attempt, Report(item, true, verdict, attempt), CancellationToken.None)
                    .ConfigureAwait(false);
                counters.Increment(EdgeCounters.OutboundDelivered);
                EdgeLog.OutboundDelivered(logger, item.OutboundId, item.ControlId, verdict.Code!, attempt);
                return TimeSpan.Zero;

            case DeliveryVerdictKind.Unavailable when StillWaitingForRis(item):
            case DeliveryVerdictKind.Unreachable:
                var outage = Interlocked.Increment(ref unreachableAttempts);
                var outageDelay = RetryBackoff.Delay(outage, ris.RetryDelay, ris.MaxRetryDelay);
                if (outage == 1 || outage % 10 == 0)
                {
                    EdgeLog.RisUnreachable(logger, ris.Host!, ris.Port, verdict.Reason, outageDelay);
                }

                return outageDelay;

            default:
                Interlocked.Exchange(ref unreachableAttempts, 0);
                if (verdict.Kind == DeliveryVerdictKind.Unavailable)
                {
                    verdict = verdict with { Reason = $"{verdict.Reason} (for {ris.UnavailableParkAfter}: Ris:UnavailableParkAfter)" };
                }

                var park = attempt >= ris.MaxAttempts || verdict.Kind is DeliveryVerdictKind.Unsendable or DeliveryVerdictKind.Unavailable;
                var delay = RetryBackoff.Delay(attempt, ris.RetryDelay, ris.MaxRetryDelay);
                await store.RecordFailedAttemptAsync(item.OutboundId, verdict.Code, verdict.Reason, attempt, time.GetUtcNow() + delay, park,
                    park ? Report(item, false, verdict, attempt) : null, CancellationToken.None).ConfigureAwait(false);
                if (park)
                {
                    counters.Increment(EdgeCounters.OutboundParked);
                    EdgeLog.OutboundParked(logger, item.OutboundId, item.ControlId, attempt, verdict.Reason);
                    return TimeSpan.Zero;
                }

                counters.Increment(EdgeCounters.OutboundRetries);
                EdgeLog.OutboundRetry(logger, item.OutboundId, item.ControlId, attempt, verdict.Reason, delay);
                return delay;
        }
    }

    // The clock for one message answered "unavailable" runs from its first such answer; another message, or a delivery,
    // starts it again. Kept in memory: a restart gives the message its full time again.
    private bool StillWaitingForRis(OutboundItem item)
    {
        var now = time.GetUtcNow();
        if (unavailableItem != item.OutboundId)
        {
            unavailableItem = item.OutboundId;
            unavailableSince = now;
        }

        return now - unavailableSince < ris.UnavailableParkAfter;
    }

    private BusMessage? Report(OutboundItem item, bool delivered, DeliveryVerdict verdict, int attempts)
    {
        if (item.Kind != OutboundItem.ResultKind)
        {
            // Application ACKs answer the RIS's own messages; the cloud has no outbound id for them.
            return null;
        }

        var result = new OutboundDeliveryResult
        {
            OutboundId = item.OutboundId,
            ControlId = item.ControlId,
            Delivered = delivered,
            AcknowledgmentCode = verdict.Code,
            Attempts = attempts,
            Reason = delivered ? null : verdict.Reason,
            At = time.GetUtcNow(),
        };
        return messages.Json(BusMessageKinds.OutboundDeliveryResult, result, patientId: null, correlationId: item.CorrelationId);
    }
}
