using System.Runtime.InteropServices;
using System.Text;

namespace CloudRisPacs.Dicom.Network.Services.Storage;

/// <summary>
/// What .NET does not offer for durable files: fsync of a directory (after a rename, the directory entry is durable
/// only once the directory itself is flushed, POSIX; Unix only, elsewhere nothing: NTFS journals renames itself) and
/// fdatasync of a file (Linux).
/// </summary>
internal static class NativeMethods
{
    /// <summary>
    /// Makes a file's data durable. On Linux fdatasync: it also writes the metadata needed to read the data back (size,
    /// block allocation) but not the timestamps, which a stored instance does not need — one journal write less than fsync.
    /// </summary>
    public static void FlushFileData(FileStream file)
    {
        if (!OperatingSystem.IsLinux())
        {
            file.Flush(flushToDisk: true);
            return;
        }

        if (Fdatasync(file.SafeFileHandle) != 0)
        {
            throw new IOException($"The file '{file.Name}' cannot be flushed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(directory) + "\0");
        var descriptor = Open(path, 0);
        if (descriptor < 0)
        {
            throw new IOException($"The directory '{directory}' cannot be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"The directory '{directory}' cannot be flushed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

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
