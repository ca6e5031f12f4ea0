namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// A folder of Part 10 files, each durable after a single flush of its own data. Creating a file and renaming it each
/// cost a file-system journal commit of their own before the folder can be trusted after a power loss; here files are
/// written into empty files created ahead of time in a <c>.slots</c> subfolder (made durable in batches, one folder
/// flush per <see cref="DurablePart10FolderOptions.PreparedFiles"/>), sealed (<see cref="Part10Seal"/>: length, CRC and
/// final name in the preamble), flushed once, then renamed to their final name without waiting for that rename to
/// reach the disk. After a crash the seal tells a committed file from a torn one: opening the folder finishes the
/// renames of committed files and deletes the rest (<see cref="Recovered"/>). A file under its final name is always
/// complete.
/// </summary>
public sealed class DurablePart10Folder
{
    private const string SlotFolderName = ".slots";
    private const string SlotSuffix = ".slot";

    private readonly DurablePart10FolderOptions options;
    private readonly Queue<string> prepared = new();
    private readonly Lock gate = new();

    /// <summary>Opens (creating when missing) <paramref name="directory"/> and recovers files left in progress.</summary>
    /// <exception cref="IOException">The folder cannot be created, read or flushed.</exception>
    public DurablePart10Folder(string directory, DurablePart10FolderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        this.options = options ?? new DurablePart10FolderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.PreparedFiles, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.WritebackBytes, nameof(options));
        Directory = Path.GetFullPath(directory);
        SlotDirectory = Path.Combine(Directory, SlotFolderName);
        var created = !System.IO.Directory.Exists(SlotDirectory);
        System.IO.Directory.CreateDirectory(SlotDirectory);
        Recovered = Recover();
        if (this.options.FlushToDisk && (created || Recovered.Completed.Count > 0))
        {
            // The slot folder's own entry, and the renames just made, in the parent.
            DurableFile.FlushDirectory(Directory);
        }

        Prepare();
    }

    /// <summary>The folder the finished files are in.</summary>
    public string Directory { get; }

    /// <summary>What opening the folder found of files in progress.</summary>
    public DurablePart10Recovery Recovered { get; }

    internal string SlotDirectory { get; }

    internal DurablePart10FolderOptions Options => options;

    /// <summary>
    /// Starts a file that gets <paramref name="fileName"/> (a name in <see cref="Directory"/>, no path) once committed.
    /// Write the Part 10 file to it from the beginning, preamble included (left zero, the seal goes there), then
    /// <see cref="DurablePart10Stream.CommitAsync"/>. Disposing without committing discards it.
    /// </summary>
    /// <exception cref="ArgumentException">The name has a path, is empty, or is longer than 96 UTF-8 bytes.</exception>
    /// <exception cref="IOException">No empty file could be prepared (disk full, folder gone).</exception>
    public DurablePart10Stream Create(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (Path.GetFileName(fileName) != fileName || fileName is "." or ".." || !Part10Seal.Fits(fileName))
        {
            throw new ArgumentException($"'{fileName}' is not a file name of at most {Part10Seal.MaxNameBytes} bytes without a path.", nameof(fileName));
        }

        var finalPath = Path.Combine(Directory, fileName);
        while (true)
        {
            try
            {
                return new DurablePart10Stream(this, Take(), finalPath, fileName);
            }
            catch (FileNotFoundException)
            {
                // Someone else emptied the slot folder (another process opened it and recovered it): the prepared
                // files are gone; Take prepares new ones once the queue is used up.
            }
        }
    }

    private string Take()
    {
        lock (gate)
        {
            if (prepared.Count == 0)
            {
                Prepare();
            }

            return prepared.Dequeue();
        }
    }

    // One folder flush makes a whole batch of new entries durable; under the lock, so concurrent writers share it.
    private void Prepare()
    {
        lock (gate)
        {
            for (var i = 0; i < options.PreparedFiles; i++)
            {
                var path = Path.Combine(SlotDirectory, Guid.NewGuid().ToString("N") + SlotSuffix);
                new FileStream(path, FileMode.CreateNew, FileAccess.Write).Dispose();
                prepared.Enqueue(path);
            }

            if (options.FlushToDisk)
            {
                DurableFile.FlushDirectory(SlotDirectory);
            }
        }
    }

    private DurablePart10Recovery Recover()
    {
        var completed = new List<string>();
        var discarded = 0;
        foreach (var slot in System.IO.Directory.EnumerateFiles(SlotDirectory))
        {
            var name = SealedName(slot);
            if (name is null)
            {
                discarded += new FileInfo(slot).Length > 0 ? 1 : 0;
                File.Delete(slot);
                continue;
            }

            File.Move(slot, Path.Combine(Directory, name), overwrite: true);
            completed.Add(name);
        }

        return new DurablePart10Recovery(completed, discarded);
    }

    /// <summary>The final name of a slot whose seal matches its content; null for an empty, torn or foreign file.</summary>
    private static string? SealedName(string slot)
    {
        using var file = new FileStream(slot, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var preamble = new byte[Part10Seal.Size];
        if (file.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false) < preamble.Length
            || !Part10Seal.TryRead(preamble, out var length, out var crc, out var name)
            || length != file.Length || Path.GetFileName(name) != name || name is "." or "..")
        {
            return null;
        }

        var buffer = new byte[256 * 1024];
        var content = Crc32C.Initial;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            content = Crc32C.Append(content, buffer.AsSpan(0, read));
        }

        return content == crc ? name : null;
    }
}
