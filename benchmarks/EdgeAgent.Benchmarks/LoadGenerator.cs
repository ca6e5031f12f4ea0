using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.EdgeAgent.Benchmarks;

/// <summary>
/// The same load for every server: N senders, each on its own connection, sending the next message only after the ACK
/// of the previous one (as a RIS interface does), for a fixed time. Records each message's ACK latency.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(int port, int senders, TimeSpan duration, Func<int, long, byte[]> message)
    {
        var latencies = new List<double>[senders];
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, senders).Select(async sender =>
        {
            var mine = latencies[sender] = new List<double>(100_000);
            using var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync("127.0.0.1", port);
            var stream = tcp.GetStream();
            var buffer = new byte[64 * 1024];
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                var framed = MllpFrameWriter.Frame(message(sender, n));
                var started = Stopwatch.GetTimestamp();
                await stream.WriteAsync(framed);
                await ReadFrameAsync(stream, buffer);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(senders, all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task ReadFrameAsync(NetworkStream stream, byte[] buffer)
    {
        var total = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total));
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            total += read;
            if (buffer.AsSpan(0, total).IndexOf((byte)0x1C) >= 0)
            {
                return;
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>Messages per second and ACK latency (milliseconds) of one run.</summary>
public sealed record LoadResult(int Senders, long Messages, double PerSecond, double P50Milliseconds, double P99Milliseconds);
