using System.Security.Cryptography;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Edge.Background;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Spool;

/// <summary>
/// Uploads spooled instances to the tenant's DICOM container as <c>{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm</c>,
/// then commits "uploaded" together with the <c>dicom.instance-stored</c> outbox message, then deletes the local file.
/// A crash between upload and commit uploads again (overwrite, same bytes) and announces once. Outages pause all
/// uploads with backoff; an instance the cloud refuses, or whose local file cannot be read, is retried and parked after
/// <see cref="SpoolOptions.MaxAttempts"/>.
/// </summary>
public sealed class SpoolUploader : PassingService
{
    private readonly SpoolStore store;
    private readonly DicomSpool spool;
    private readonly IBlobStore blobs;
    private readonly EdgeSite site;
    private readonly SpoolOptions options;
    private readonly ForwarderOptions retry;
    private readonly EdgeMessages messages;
    private readonly CloudContact cloud;
    private readonly EdgeCounters counters;
    private readonly TimeProvider time;
    private readonly ILogger<SpoolUploader> logger;
    private readonly bool ensureContainer;
    private bool containerReady;
    private int outageAttempts;

    public SpoolUploader(SpoolStore store, DicomSpool spool, IBlobStore blobs, EdgeSite site, SpoolOptions options, ForwarderOptions retry,
        EdgeMessages messages, CloudContact cloud, EdgeCounters counters, TimeProvider time, ILogger<SpoolUploader> logger, bool ensureContainer)
    {
        this.store = store;
        this.spool = spool;
        this.blobs = blobs;
        this.site = site;
        this.options = options;
        this.retry = retry;
        this.messages = messages;
        this.cloud = cloud;
        this.counters = counters;
        this.time = time;
        this.logger = logger;
        this.ensureContainer = ensureContainer;
        store.Added += (_, _) => Wake.Set();
    }

    protected override async Task BeforeFirstPassAsync(CancellationToken cancellationToken)
    {
        var recovered = await spool.RecoverAsync(cancellationToken).ConfigureAwait(false);
        if (recovered.Removed + recovered.Adopted + recovered.Quarantined > 0)
        {
            EdgeLog.SpoolRecovered(logger, recovered.Removed, recovered.Adopted, recovered.Quarantined);
        }
    }

    protected override ILogger PassLogger => logger;

    protected override bool BackingOff => Volatile.Read(ref outageAttempts) > 0;

    internal override async Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken)
    {
        var pending = await store.ReadPendingAsync(64, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var ready = FirstOfEachInstance(pending).Where(e => RetryBackoff.IsDue(e.NextAttemptAt, now, retry.MaxRetryDelay)).ToList();
        if (ready.Count == 0)
        {
            return pending.Count == 0 ? retry.IdlePollInterval : TimeSpan.FromTicks(Math.Min(retry.IdlePollInterval.Ticks, (pending.Min(e => e.NextAttemptAt) - now).Ticks));
        }

        Exception? outage = null;
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = options.UploadParallelism, CancellationToken = cancellationToken },
            async (entry, _) =>
            {
                if (pass.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await UploadAsync(entry, pass.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (pass.IsCancellationRequested)
                {
                }
                catch (FileNotFoundException ex)
                {
                    await RecordRefusalAsync(entry, $"The spool file is missing: {ex.Message}", park: true, cancellationToken).ConfigureAwait(false);
                }
                catch (SpoolFileUnreadableException ex)
                {
                    // Before the outage filter, which counts any IOException as one: a bad file must not pause the others.
                    await RecordRefusalAsync(entry, ex.Message, park: false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (PublishFailure.IsOutage(ex))
                {
                    Interlocked.CompareExchange(ref outage, ex, null);
                    await pass.CancelAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    await RecordRefusalAsync(entry, PublishFailure.Describe(ex), park: false, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

        if (outage is not null)
        {
            var attempt = Interlocked.Increment(ref outageAttempts);
            var delay = RetryBackoff.Delay(attempt, retry.RetryDelay, retry.MaxRetryDelay);
            cloud.Failed(PublishFailure.Describe(outage));
            counters.Increment(EdgeCounters.DicomUploadFailures);
            if (attempt == 1 || attempt % 10 == 0)
            {
                EdgeLog.UploadFailed(logger, "(all pending instances)", attempt, PublishFailure.Describe(outage), delay);
            }

            return delay;
        }

        Interlocked.Exchange(ref outageAttempts, 0);
        return TimeSpan.Zero;
    }

    /// <summary>
    /// The oldest pending entry of each instance only: an instance sent again (a corrected copy after a demographic fix,
    /// say) goes to the same blob, and uploaded side by side the older copy could land last and win. Later copies wait
    /// their turn, a retry of the older one included.
    /// </summary>
    private static IEnumerable<SpoolEntry> FirstOfEachInstance(IReadOnlyList<SpoolEntry> pendingInArrivalOrder)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return pendingInArrivalOrder.Where(entry => seen.Add(entry.SopInstanceUid));
    }

    private async Task UploadAsync(SpoolEntry entry, CancellationToken cancellationToken)
    {
        using var scope = EdgeLog.CorrelationScope(logger, entry.CorrelationId);
        var path = spool.PathOf(entry.FileName);
        var (sha256, headerLength) = await ReadLocalAsync(() => DescribeAsync(path, cancellationToken)).ConfigureAwait(false);
        if (ensureContainer && !containerReady)
        {
            await blobs.EnsureContainerAsync(site.DicomContainer, cancellationToken).ConfigureAwait(false);
            containerReady = true;
        }

        var file = await ReadLocalAsync(() => Task.FromResult(Open(path))).ConfigureAwait(false);
        await using (file.ConfigureAwait(false))
        {
            await blobs.UploadAsync(site.DicomContainer, entry.BlobPath, file, new BlobWriteOptions
            {
                ContentType = "application/dicom",
                Mode = BlobWriteMode.Overwrite,
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = sha256, ["site"] = site.SiteId },
            }, cancellationToken).ConfigureAwait(false);
        }

        cloud.Succeeded();
        var stored = new InstanceStoredEvent
        {
            BlobPath = entry.BlobPath,
            StudyInstanceUid = entry.StudyInstanceUid,
            SeriesInstanceUid = entry.SeriesInstanceUid,
            SopInstanceUid = entry.SopInstanceUid,
            SopClassUid = entry.SopClassUid,
            TransferSyntaxUid = entry.TransferSyntaxUid,
            SizeBytes = entry.SizeBytes,
            Sha256 = sha256,
            HeaderLengthBytes = headerLength,
            CallingAeTitle = entry.CallingAeTitle,
            CalledAeTitle = entry.CalledAeTitle,
            ReceivedAt = entry.ReceivedAt,
        };
        var message = messages.Json(BusMessageKinds.DicomInstanceStored, stored, entry.PatientId, entry.CorrelationId);
        await store.MarkUploadedAsync(entry.Sequence, message, CancellationToken.None).ConfigureAwait(false);
        spool.Remove(entry.FileName);
        counters.Increment(EdgeCounters.DicomUploaded);
        EdgeLog.InstanceUploaded(logger, entry.SopInstanceUid, site.DicomContainer, entry.BlobPath);
    }

    private static async Task<(string Sha256, long? HeaderLength)> DescribeAsync(string path, CancellationToken cancellationToken)
    {
        string hash;
        var file = Open(path);
        await using (file.ConfigureAwait(false))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }

        try
        {
            var header = DicomFileReader.Read(path, new DicomReaderOptions { StopBeforePixelData = true });
            return (hash, header.ReadResult.BytesConsumed);
        }
        catch (DicomParseException)
        {
            return (hash, null);
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 256 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Runs a read of the local spool file and names its failures as the file's (a missing file stays itself: it parks at
    /// once). Without this an unreadable file's IOException or UnauthorizedAccessException looked like the cloud away.
    /// </summary>
    private static async Task<T> ReadLocalAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or (IOException and not FileNotFoundException))
        {
            throw new SpoolFileUnreadableException($"The spool file cannot be read: {PublishFailure.Describe(ex)}", ex);
        }
    }

    private async Task RecordRefusalAsync(SpoolEntry entry, string reason, bool park, CancellationToken cancellationToken)
    {
        var attempt = entry.Attempts + 1;
        park |= attempt >= options.MaxAttempts;
        var delay = RetryBackoff.Delay(attempt, retry.RetryDelay, retry.MaxRetryDelay);
        counters.Increment(EdgeCounters.DicomUploadFailures);
        await store.RecordFailureAsync(entry.Sequence, reason, time.GetUtcNow() + delay, park, cancellationToken).ConfigureAwait(false);
        if (park)
        {
            counters.Increment(EdgeCounters.DicomParked);
            EdgeLog.UploadParked(logger, entry.SopInstanceUid, attempt, reason);
        }
        else
        {
            EdgeLog.UploadFailed(logger, entry.SopInstanceUid, attempt, reason, delay);
        }
    }
}
