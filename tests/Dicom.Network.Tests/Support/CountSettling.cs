namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>Waits for a count of process resources to fall back to a baseline (sockets and threads end asynchronously).</summary>
public static class CountSettling
{
    /// <summary>Waits until <paramref name="count"/> is at or below <paramref name="baseline"/>; returns the last count.</summary>
    public static async Task<int> SettleAsync(Func<int> count, int baseline, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int current;
        while ((current = count()) > baseline && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return current;
    }
}
