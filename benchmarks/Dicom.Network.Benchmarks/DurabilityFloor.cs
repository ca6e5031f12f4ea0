using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>
/// What this disk charges for durability, whatever the receiver: the latency of a cache flush (fdatasync after a
/// 512-byte rewrite in place: no allocation, no size change, nothing for the journal) and of the cheapest durable
/// write of one instance (the same with the whole instance rewritten in place). Added to the time storescu needs to
/// hand its instances to a receiver that keeps nothing, they give the fastest any receiver answering only after the
/// instance is on disk could be, with storescu waiting for each response.
/// </summary>
internal static class DurabilityFloor
{
    private const int Samples = 200;

    /// <summary>Median milliseconds of a flush alone and of a durable in-place write of <paramref name="instanceBytes"/>.</summary>
    public static (double FlushMs, double DurableWriteMs) Measure(string folder, int instanceBytes)
    {
        var path = Path.Combine(folder, "durability-floor.bin");
        var data = new byte[instanceBytes];
        Random.Shared.NextBytes(data);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite);
            RandomAccess.Write(handle, data, 0);
            Flush(handle);
            var flush = Median(() => RandomAccess.Write(handle, data.AsSpan(0, 512), 0), handle);
            var write = Median(() => RandomAccess.Write(handle, data, 0), handle);
            return (flush, write);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Median(Action write, SafeFileHandle handle)
    {
        var times = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var clock = Stopwatch.StartNew();
            write();
            Flush(handle);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[Samples / 2];
    }

    private static void Flush(SafeFileHandle handle)
    {
        if (Fdatasync(handle) != 0)
        {
            throw new IOException($"fdatasync failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fdatasync(SafeFileHandle descriptor);
}
