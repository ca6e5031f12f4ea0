using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Spool;

/// <summary>
/// Where C-STORE puts instances. The data set is streamed into a Part 10 file (never buffered whole) through a
/// <see cref="DurablePart10Folder"/>: written into an empty file prepared ahead, sealed and flushed to disk once, then
/// named: from then on the file is the durable record of the instance (its meta information names the sending and
/// receiving AE titles), and the caller gets success once its index row is committed. That row does not wait for an
/// fsync of its own, which would double the cost of every instance: after a power loss <see cref="RecoverAsync"/>
/// rebuilds lost rows from the files, and opening the folder names files sealed just before the crash. On any failure
/// the unfinished file is removed and the caller gets a failure status with the reason.
/// </summary>
public sealed class DicomSpool
{
    // Written by versions before the durable folder; a site's spool may still hold some after an upgrade.
    private const string PartialSuffix = ".partial";
    private const string QuarantineFolder = "unreadable";

    private readonly SpoolStore store;
    private readonly SpoolOptions options;
    private readonly string folder;
    private readonly EdgeCounters counters;
    private readonly TimeProvider time;
    private readonly ILogger<DicomSpool> logger;

    private readonly DurablePart10Folder files;

    // Files written before this instance existed cannot belong to a store in progress. Read from the file system's own
    // clock: file times come from the kernel's coarse clock, which trails DateTime.UtcNow by up to a few milliseconds,
    // so a file written just after start could otherwise look older than the spool (seen once in CI).
    private readonly DateTime createdAtUtc;

    public DicomSpool(SpoolStore store, SpoolOptions options, string folder, EdgeCounters counters, TimeProvider time, ILogger<DicomSpool> logger)
    {
        this.store = store;
        this.options = options;
        this.folder = Path.GetFullPath(folder);
        this.counters = counters;
        this.time = time;
        this.logger = logger;
        files = new DurablePart10Folder(this.folder);
        createdAtUtc = FileSystemNow(this.folder);
    }

    public string Folder => folder;

    /// <summary>The full path of a spooled file.</summary>
    public string PathOf(string fileName) => Path.Combine(folder, fileName);

    /// <summary>Spools one instance; the result is success only when it is durable.</summary>
    public async Task<SpoolResult> StoreAsync(Stream dataset, DicomTransferSyntax syntax, string sopClassUid, string sopInstanceUid,
        string? callingAeTitle, string? calledAeTitle, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var free = FreeBytes();
        if (free < options.MinFreeDiskBytes)
        {
            counters.Increment(EdgeCounters.DicomStoreFailures);
            return SpoolResult.Failed(SpoolResult.OutOfResources,
                $"Only {free / (1024 * 1024)} MiB free on the spool disk (at least {options.MinFreeDiskBytes / (1024 * 1024)} MiB required).");
        }

        var fileName = $"{Guid.NewGuid():N}.dcm";
        var finalPath = PathOf(fileName);
        try
        {
            DicomStreamCopyResult copy;
            long size;
            var file = files.Create(fileName);
            await using (file.ConfigureAwait(false))
            {
                var limited = new LengthLimitedStream(dataset, options.MaxInstanceBytes);
                copy = await DicomFileWriter.WriteFromStreamAsync(file, limited, syntax, sopClassUid, sopInstanceUid,
                        SpoolFileIndex.MetaFor(callingAeTitle, calledAeTitle), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                var mismatch = IdentityMismatch(copy.Header, sopClassUid, sopInstanceUid);
                if (mismatch is not null)
                {
                    // Not committed: disposing the file discards it.
                    counters.Increment(EdgeCounters.DicomStoreFailures);
                    return SpoolResult.Failed(SpoolResult.DataSetDoesNotMatch, mismatch);
                }

                await file.CommitAsync(cancellationToken).ConfigureAwait(false);
                size = file.Length;
            }

            // From here the file is durable on its own: a crash before the row commits is put right by RecoverAsync.
            var header = copy.Header;
            var entry = new SpoolEntry(fileName, sopInstanceUid.Trim(), sopClassUid.Trim(), header.GetString(DicomTag.StudyInstanceUID)!.Trim(),
                header.GetString(DicomTag.SeriesInstanceUID)!.Trim(), syntax.Uid.Value, header.GetString(DicomTag.PatientID)?.Trim(), size,
                callingAeTitle?.Trim(), calledAeTitle?.Trim(), correlationId ?? Guid.NewGuid().ToString("N"), time.GetUtcNow());
            if (Thread.CurrentThread.IsThreadPoolThread)
            {
                await store.AddAsync(entry, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                // An association's own transport thread (a peer that waits for each answer) may block: the database's
                // writer then wakes it directly. A pool thread is never blocked.
                store.Add(entry);
            }

            counters.Increment(EdgeCounters.DicomStored);
            EdgeLog.InstanceSpooled(logger, entry.SopInstanceUid, entry.CallingAeTitle ?? "?", size);
            return SpoolResult.Stored(size, fileName);
        }
        catch (Exception ex) when (ex is DicomParseException or InstanceTooLargeException)
        {
            counters.Increment(EdgeCounters.DicomStoreFailures);
            return SpoolResult.Failed(SpoolResult.CannotUnderstand, $"The data set of {sopInstanceUid} could not be stored: {ex.Message}");
        }
        catch (IOException ex)
        {
            Delete(finalPath);
            counters.Increment(EdgeCounters.DicomStoreFailures);
            return SpoolResult.Failed(SpoolResult.OutOfResources, $"Writing {sopInstanceUid} to the spool failed: {ex.Message}");
        }
    }

    /// <summary>
    /// Why the data set cannot be filed as the instance the C-STORE request announced, or null. The spool file's meta
    /// and the cloud's index take the command's UIDs, and the cloud refuses an instance whose data set names another,
    /// so a mismatch acknowledged here would be lost without the modality ever knowing (PS3.4 B.2.3: 0xA900).
    /// </summary>
    private static string? IdentityMismatch(DicomDataset header, string sopClassUid, string sopInstanceUid)
    {
        try
        {
            var instance = Uid(header, DicomTag.SOPInstanceUID);
            var sopClass = Uid(header, DicomTag.SOPClassUID);
            return string.IsNullOrEmpty(Uid(header, DicomTag.StudyInstanceUID)) ? $"Instance {sopInstanceUid} has no Study Instance UID; it cannot be filed."
                : string.IsNullOrEmpty(Uid(header, DicomTag.SeriesInstanceUID)) ? $"Instance {sopInstanceUid} has no Series Instance UID; it cannot be filed."
                : string.IsNullOrEmpty(instance) ? $"Instance {sopInstanceUid} has no SOP Instance UID (0008,0018) in its data set; it cannot be filed."
                : instance != sopInstanceUid.Trim('\0', ' ') ? $"The data set's SOP Instance UID {instance} is not the Affected SOP Instance UID {sopInstanceUid} of the request."
                : sopClass is not null && sopClass.Length > 0 && sopClass != sopClassUid.Trim('\0', ' ') ? $"The data set's SOP Class UID {sopClass} of instance {instance} is not the Affected SOP Class UID {sopClassUid} of the request."
                : null;
        }
        catch (DicomValueException ex)
        {
            return $"Instance {sopInstanceUid} names its UIDs unreadably: {ex.Message}";
        }
    }

    private static string? Uid(DicomDataset header, DicomTag tag) => header.GetString(tag)?.Trim('\0', ' ');

    /// <summary>
    /// Puts right what a crash or power loss left in the spool folder, before the first upload pass: partial files are
    /// removed (the modality got no success for them and sends again), as are files already uploaded; a complete file
    /// without an index row (the row was lost with the power) is indexed from the file itself; a complete file that
    /// cannot be read is moved to the <c>unreadable</c> folder with an error in the log, never deleted. Files written
    /// since this spool was created belong to stores in progress and are left alone.
    /// </summary>
    public async Task<SpoolRecoveryResult> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var indexed = await store.ListFilesAsync(cancellationToken).ConfigureAwait(false);
        var result = new SpoolRecoveryResult { Removed = files.Recovered.Discarded };
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(path);
            var written = File.GetLastWriteTimeUtc(path);
            if (written >= createdAtUtc || (indexed.TryGetValue(name, out var keep) && keep))
            {
                continue;
            }

            if (indexed.ContainsKey(name) || name.EndsWith(PartialSuffix, StringComparison.Ordinal))
            {
                Delete(path);
                result.Removed++;
            }
            else if (await TryAdoptAsync(path, new DateTimeOffset(written, TimeSpan.Zero), cancellationToken).ConfigureAwait(false))
            {
                result.Adopted++;
            }
            else
            {
                result.Quarantined++;
            }
        }

        return result;
    }

    /// <summary>Deletes an uploaded file.</summary>
    public void Remove(string fileName) => Delete(PathOf(fileName));

    private async Task<bool> TryAdoptAsync(string path, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        try
        {
            var entry = SpoolFileIndex.Read(path, receivedAt);
            await store.AddAsync(entry, cancellationToken).ConfigureAwait(false);
            EdgeLog.SpoolFileAdopted(logger, entry.SopInstanceUid, entry.FileName);
            return true;
        }
        catch (Exception ex) when (ex is DicomParseException or IOException)
        {
            var quarantine = Path.Combine(folder, QuarantineFolder);
            Directory.CreateDirectory(quarantine);
            File.Move(path, Path.Combine(quarantine, Path.GetFileName(path)), overwrite: true);
            EdgeLog.SpoolFileUnreadable(logger, path, quarantine, ex.Message);
            return false;
        }
    }

    private static DateTime FileSystemNow(string folder)
    {
        var probe = Path.Combine(folder, $".clock-{Guid.NewGuid():N}");
        File.WriteAllBytes(probe, []);
        try
        {
            return File.GetLastWriteTimeUtc(probe);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    /// <summary>Free bytes on the spool's disk (long.MaxValue when the disk cannot be asked).</summary>
    public long FreeBytes()
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return long.MaxValue;
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for RecoverAsync; never a reason to fail the caller.
        }
    }
}
