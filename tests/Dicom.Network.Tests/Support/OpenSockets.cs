namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>The sockets this process holds open (Linux: the file descriptors that are sockets), to catch leaks.</summary>
public static class OpenSockets
{
    public static int Count()
    {
        var count = 0;
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed while being looked at.
            }
        }

        return count;
    }

    /// <summary>Waits until the count is back at or below a baseline; returns the last count.</summary>
    public static Task<int> SettleAsync(int baseline, TimeSpan timeout) => CountSettling.SettleAsync(Count, baseline, timeout);
}
