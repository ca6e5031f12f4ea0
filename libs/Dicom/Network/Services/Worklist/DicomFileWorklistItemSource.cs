using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// Worklist items as DICOM files in a folder (the layout DCMTK's wlmscpfs uses: one "*.wl" file per item). The folder
/// is listed at each query so that changes show at once, but a file is parsed again only when its size or modification
/// time changed: parsing, not listing, is what a query over thousands of items costs. Unreadable files are logged and
/// skipped.
/// </summary>
public sealed class DicomFileWorklistItemSource : IWorklistItemSource
{
    /// <summary>
    /// A file written this recently may still be being written, and a second write within the file system's timestamp
    /// granularity would leave size and time unchanged: such a file is parsed again at the next query.
    /// </summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    private readonly string directory;
    private readonly string pattern;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, ParsedFile> parsed = new(StringComparer.Ordinal);

    public DicomFileWorklistItemSource(string directory, string pattern = "*.wl", ILogger? logger = null, TimeProvider? time = null)
    {
        this.directory = directory;
        this.pattern = pattern;
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
    }

    public async IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(pattern).OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            listed.Add(file.FullName);
            var item = await ItemAsync(file, cancellationToken).ConfigureAwait(false);
            if (item is not null)
            {
                yield return item;
            }
        }

        foreach (var gone in parsed.Keys.Where(path => !listed.Contains(path)))
        {
            parsed.TryRemove(gone, out _);
        }
    }

    private async ValueTask<DicomDataset?> ItemAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var version = new FileVersion(file.Length, file.LastWriteTimeUtc);
        if (parsed.TryGetValue(file.FullName, out var known) && known.Version == version && known.Settled)
        {
            return known.Item;
        }

        DicomDataset? item = null;
        try
        {
            item = (await DicomFileReader.ReadAsync(file.FullName, cancellationToken: cancellationToken).ConfigureAwait(false)).Dataset;
        }
        catch (Exception ex) when (ex is DicomParseException or IOException or UnauthorizedAccessException)
        {
            ServiceLog.WorklistFileUnreadable(logger, file.FullName, ex.Message);
        }

        var settled = time.GetUtcNow().UtcDateTime - version.LastWriteUtc > SettleTime;
        parsed[file.FullName] = new ParsedFile(version, settled, item);
        return item;
    }

    private readonly record struct FileVersion(long Length, DateTime LastWriteUtc);

    /// <summary>What a file held when it was parsed; a null item for a file that could not be read.</summary>
    private sealed record ParsedFile(FileVersion Version, bool Settled, DicomDataset? Item);
}
