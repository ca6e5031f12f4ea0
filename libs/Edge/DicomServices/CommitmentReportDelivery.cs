using System.Net.Sockets;
using System.Security.Authentication;
using CloudRisPacs.Dicom.Network;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Edge.Background;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// Delivers storage commitment reports that could not go on the requesting association (it had closed, the agent
/// restarted, or the modality refused the report there): a pass at start, whenever such a report is left over
/// (<see cref="CommitmentClaims.ReportDue"/>), and when a retry is due. Each report goes on a new association to the
/// modality's configured Host and Port (SCP role proposed, PS3.4 J.3.3) and counts as reported only when the modality
/// answers success; failures are retried with backoff and jitter, and after
/// <see cref="DicomListenerOptions.CommitmentReportMaxAttempts"/> the report is parked (status endpoint, error log). A
/// request the cloud has not answered within <see cref="DicomListenerOptions.CommitmentTimeout"/> is reported as failed
/// the same way, also after a restart.
/// </summary>
public sealed class CommitmentReportDelivery : PassingService
{
    /// <summary>How long one delivery may take in all (connect, negotiate, answer, release).</summary>
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(2);

    private const int BatchSize = 50;
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan HeldRecheck = TimeSpan.FromSeconds(1);

    private readonly CommitmentStore store;
    private readonly CommitmentClaims claims;
    private readonly DicomListenerOptions options;
    private readonly ModalityGate modalities;
    private readonly EdgeCounters counters;
    private readonly TimeProvider time;
    private readonly ILogger<CommitmentReportDelivery> logger;
    private readonly ILoggerFactory loggerFactory;
    private readonly EdgeCertificates? certificates;

    public CommitmentReportDelivery(CommitmentStore store, CommitmentClaims claims, DicomListenerOptions options, ModalityGate modalities, EdgeCounters counters,
        TimeProvider time, ILogger<CommitmentReportDelivery> logger, ILoggerFactory loggerFactory, EdgeCertificates? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        this.store = store;
        this.claims = claims;
        this.options = options;
        this.modalities = modalities;
        this.counters = counters;
        this.time = time;
        this.logger = logger;
        this.loggerFactory = loggerFactory;
        this.certificates = certificates;
        claims.ReportDue += (_, _) => Wake.Set();
    }

    protected override ILogger PassLogger => logger;

    internal override async Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken)
    {
        var held = await ExpireUnansweredAsync(cancellationToken).ConfigureAwait(false);
        var due = await store.ListDueReportsAsync(BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var report in due)
        {
            var uid = report.Request.TransactionUid;
            if (!claims.TryClaim(uid))
            {
                // Its requesting association (or the modality asking again) reports it; if that fails it comes back here.
                held = true;
                continue;
            }

            try
            {
                using var scope = EdgeLog.CorrelationScope(logger, uid);
                await DeliverAsync(report, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                claims.Release(uid);
            }
        }

        if (due.Count == BatchSize)
        {
            return TimeSpan.Zero;
        }

        var next = await store.GetNextDueAsync(options.CommitmentTimeout, cancellationToken).ConfigureAwait(false);
        var wait = next is null ? IdleRecheck : next.Value - time.GetUtcNow();

        // Anything due now is held by an association (which hands it back when it fails): look again shortly, not in a loop.
        var floor = held ? HeldRecheck : TimeSpan.FromMilliseconds(10);
        return wait < floor ? floor : wait > IdleRecheck ? IdleRecheck : wait;
    }

    /// <summary>Gives requests the cloud has not answered in time their all-failed result; true when some were held by an association.</summary>
    private async Task<bool> ExpireUnansweredAsync(CancellationToken cancellationToken)
    {
        var held = false;
        var unanswered = await store.ListUnansweredAsync(time.GetUtcNow() - options.CommitmentTimeout, BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var request in unanswered)
        {
            if (claims.IsClaimed(request.TransactionUid))
            {
                // The waiting association times it out itself.
                held = true;
                continue;
            }

            EdgeLog.CommitmentTimedOut(logger, request.TransactionUid, options.CommitmentTimeout);
            await store.RecordResultAsync(CommitmentResults.TimedOut(request, options.CommitmentTimeout), cancellationToken).ConfigureAwait(false);
        }

        return held;
    }

    private async Task DeliverAsync(DueCommitmentReport due, CancellationToken cancellationToken)
    {
        var request = due.Request;
        var ae = request.RequestingAeTitle;
        var attempt = due.Attempts + 1;
        var modality = modalities.Find(ae);
        string failure;
        var permanent = false;
        if (modality is null)
        {
            (failure, permanent) = ($"{ae} is not a configured modality (EdgeAgent:Dicom:Modalities), so there is no address to send its report to", true);
        }
        else if (string.IsNullOrWhiteSpace(modality.Host))
        {
            (failure, permanent) = ($"modality {ae} has no Host configured, so its report can only go on its own association, which has closed", true);
        }
        else
        {
            var outcome = await SendAsync(modality, CommitmentResults.Report(request, due.Result), cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                await store.MarkDeliveredAsync(request.TransactionUid, CancellationToken.None).ConfigureAwait(false);
                counters.Increment(EdgeCounters.CommitmentReports);
                counters.Increment(EdgeCounters.CommitmentRedelivered);
                EdgeLog.CommitmentRedelivered(logger, request.TransactionUid, ae, modality.Host!, modality.Port,
                    due.Result.Committed.Count, due.Result.Failed.Count, attempt);
                return;
            }

            failure = outcome;
        }

        var park = permanent || attempt >= options.CommitmentReportMaxAttempts;
        var delay = RetryBackoff.Delay(attempt, options.CommitmentReportRetryDelay, options.CommitmentReportMaxRetryDelay);
        await store.RecordFailedAttemptAsync(request.TransactionUid, failure, time.GetUtcNow() + delay, park, CancellationToken.None).ConfigureAwait(false);
        if (park)
        {
            counters.Increment(EdgeCounters.CommitmentParked);
            EdgeLog.CommitmentReportParked(logger, request.TransactionUid, ae, attempt, failure);
            return;
        }

        counters.Increment(EdgeCounters.CommitmentReportFailures);
        EdgeLog.CommitmentReportRetry(logger, request.TransactionUid, ae, attempt, failure, delay);
    }

    /// <summary>One delivery; null when the modality answered success (or a warning), else why not, in words.</summary>
    private async Task<string?> SendAsync(DicomPeerOptions modality, Dicom.Network.Services.StorageCommitment.StorageCommitmentReport report,
        CancellationToken cancellationToken)
    {
        var where = $"{modality.AeTitle!.Trim()} at {modality.Host}:{modality.Port}";
        var client = new DicomClient(new DicomClientOptions
        {
            Host = modality.Host!,
            Port = modality.Port,
            CallingAeTitle = options.AeTitle.Trim(),
            CalledAeTitle = modality.AeTitle!.Trim(),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ArtimTimeout = TimeSpan.FromSeconds(30),
            ReadTimeout = TimeSpan.FromSeconds(30),
            IdleTimeout = TimeSpan.FromSeconds(60),
            Tls = EdgeDicomTls.ClientOptions(options, modality, certificates),
        }, loggerFactory, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeliveryTimeout);
        try
        {
            var response = await client.SendStorageCommitmentReportAsync(report, timeout.Token).ConfigureAwait(false);
            return response.Status.IsSuccessOrWarning
                ? null
                : $"{where} answered the N-EVENT-REPORT with status 0x{response.Status.Code:X4}{(response.ErrorComment is { Length: > 0 } c ? $" ({c})" : string.Empty)}";
        }
        catch (DicomAssociationRejectedException ex)
        {
            return $"{where} rejected the association: {ex.Message}";
        }
        catch (Exception ex) when (ex is DicomNetworkException or SocketException or IOException or AuthenticationException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"{where} cannot be reached: {(ex is OperationCanceledException ? $"no answer within {DeliveryTimeout}" : ex.Message)}";
        }
#pragma warning disable CA1031 // Whatever else one modality's answer provokes is that delivery's failure, never the end of the pass.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return $"delivering to {where} failed: {ex.GetType().Name}: {ex.Message}";
        }
    }
}
