using System.Runtime.InteropServices;
using System.Text;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// What .NET does not offer for durable files, used wherever an acknowledgement promises that data is on disk:
/// fdatasync of a file (Linux) and fsync of a directory (after a create or rename the directory entry is durable only
/// once the directory itself is flushed, POSIX; Unix only, elsewhere nothing: NTFS journals renames itself).
/// </summary>
public static class DurableFile
{
    private const int DirectoryOnly = 0x10000; // O_DIRECTORY on Linux x64/arm64; only used on Linux
    private const uint StartWritingPages = 2; // SYNC_FILE_RANGE_WRITE

    /// <summary>
    /// Makes a file's written data durable. On Linux fdatasync: it also writes the metadata needed to read the data back
    /// (size, block allocation) but not the timestamps, which nobody here reads — one journal write less than fsync.
    /// </summary>
    /// <exception cref="IOException">The flush failed; the data must be taken as not stored.</exception>
    public static void FlushData(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Flush();
        if (!OperatingSystem.IsLinux())
        {
            file.Flush(flushToDisk: true);
            return;
        }

        if (Fdatasync(file.SafeFileHandle) != 0)
        {
            throw new IOException($"The file '{file.Name}' cannot be flushed to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Makes the entries of <paramref name="directory"/> (files created or renamed into it) durable.</summary>
    /// <exception cref="IOException">The directory cannot be opened or flushed.</exception>
    public static void FlushDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(directory) + "\0");
        var descriptor = Open(path, OperatingSystem.IsLinux() ? DirectoryOnly : 0);
        if (descriptor < 0)
        {
            throw new IOException($"The directory '{directory}' cannot be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"The directory '{directory}' cannot be flushed to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>
    /// Starts writing a range of the file's data to disk without waiting (Linux sync_file_range): a later flush then
    /// waits only for what was written after it. Only a hint, which is why failures are ignored; durability still
    /// comes from <see cref="FlushData"/>.
    /// </summary>
    public static void StartWriteback(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (OperatingSystem.IsLinux() && count > 0)
        {
            _ = SyncFileRange(file, offset, count, StartWritingPages);
        }
    }

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFileRange(Microsoft.Win32.SafeHandles.SafeFileHandle descriptor, long offset, long count, uint flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fdatasync(Microsoft.Win32.SafeHandles.SafeFileHandle descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
