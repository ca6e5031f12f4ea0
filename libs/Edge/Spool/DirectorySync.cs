using System.Runtime.InteropServices;

namespace CloudRisPacs.Edge.Spool;

/// <summary>
/// Makes a new directory entry durable. On Linux a file's fsync does not promise that the directory naming it survives a
/// crash; fsync on the directory does. .NET cannot open a directory as a file, so this calls open/fsync/close directly.
/// On Windows NTFS journals the directory change with the file; nothing to do there.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux x64/arm64

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"Could not open {directory} to make its entries durable (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
