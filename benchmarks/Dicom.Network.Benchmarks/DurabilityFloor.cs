using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>
/// What this disk charges for durability, whatever the receiver. Medians of <see cref="Samples"/> of:
/// <list type="bullet">
/// <item>a flush alone: fdatasync after a 512-byte rewrite in place (no allocation, no size change, nothing for the journal);</item>
/// <item>one instance rewritten over the same blocks each time, then fdatasync: what earlier runs called the floor, but
/// a receiver never writes the same blocks twice in a row, and a virtual disk answers that case faster;</item>
/// <item>one instance written over blocks of its own, written and flushed beforehand (a recycled, pre-written file):
/// the cheapest durable write a receiver can actually have, and the one the floor line uses;</item>
/// <item>one instance as a new file (create, write, fdatasync): what a receiver without recycled files pays.</item>
/// </list>
/// Added to the time storescu needs to hand its instances to a receiver that keeps nothing, they give the fastest any
/// receiver answering only after the instance is on disk could be, with storescu waiting for each response.
/// </summary>
internal static class DurabilityFloor
{
    private const int Samples = 200;

    public static DiskCosts Measure(string folder, int instanceBytes)
    {
        var scratch = Path.Combine(folder, "durability-floor");
        Directory.CreateDirectory(scratch);
        var data = new byte[instanceBytes];
        Random.Shared.NextBytes(data);
        try
        {
            using var handle = File.OpenHandle(Path.Combine(scratch, "blocks.bin"), FileMode.Create, FileAccess.ReadWrite);
            for (var i = 0; i < Samples; i++)
            {
                RandomAccess.Write(handle, data, (long)i * instanceBytes);
            }

            Flush(handle);
            var flush = Median(_ => RandomAccess.Write(handle, data.AsSpan(0, 512), 0), handle);
            var sameBlocks = Median(_ => RandomAccess.Write(handle, data, 0), handle);
            var ownBlocks = Median(i => RandomAccess.Write(handle, data, (long)i * instanceBytes), handle);
            var newFiles = Median(i =>
            {
                using var file = File.OpenHandle(Path.Combine(scratch, $"new-{i}.bin"), FileMode.CreateNew, FileAccess.Write);
                RandomAccess.Write(file, data, 0);
                Flush(file);
            }, handle: null);
            return new DiskCosts(flush, sameBlocks, ownBlocks, newFiles);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static double Median(Action<int> write, SafeFileHandle? handle)
    {
        var times = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var clock = Stopwatch.StartNew();
            write(i);
            if (handle is not null)
            {
                Flush(handle);
            }

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

/// <summary>Median milliseconds per durable operation; see <see cref="DurabilityFloor"/>.</summary>
internal sealed record DiskCosts(double FlushMs, double SameBlocksMs, double OwnBlocksMs, double NewFileMs);
