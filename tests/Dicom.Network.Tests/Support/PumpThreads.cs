using CloudRisPacs.Dicom.Network.Ul;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>The transport threads of associations alive in this process (Linux: threads by name), to catch leaks.</summary>
public static class PumpThreads
{
    public static int Count()
    {
        var count = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == AssociationLoop.PumpThreadName)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The thread ended while being looked at.
            }
        }

        return count;
    }

    /// <summary>Waits until the count is back at or below a baseline; returns the last count.</summary>
    public static Task<int> SettleAsync(int baseline, TimeSpan timeout) => CountSettling.SettleAsync(Count, baseline, timeout);
}
