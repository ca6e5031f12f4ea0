using System.Diagnostics;
using System.Globalization;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>
/// Small C-STOREs from a sender with Nagle's algorithm on (dcmjs-dimse, Node.js sockets), one association, into
/// storescp and into ours (fsync before success): what a delayed acknowledgement costs per message, and what ours
/// saves by acknowledging every read at once. Times are the whole dcmjs run, its own work per file included.
/// </summary>
internal static class NagleSender
{
    private const int Instances = 50;
    private const int PixelKib = 32;

    public static async Task<List<string>> RunAsync(string root, int runs)
    {
        var source = Path.Combine(root, $"nagle-{Instances}-{PixelKib}");
        if (!Directory.Exists(source) || Directory.GetFiles(source).Length != Instances)
        {
            Workload.WriteInstances(source, Instances, PixelKib);
        }

        var files = Directory.GetFiles(source).Order(StringComparer.Ordinal).ToArray();
        var rows = new List<string>
        {
            $"### C-STORE from a sender with Nagle's algorithm on: dcmjs-dimse sends {Instances} instances of {PixelKib} KiB",
            string.Empty,
            "| run | receiver | seconds |",
            "|---|---|---:|",
        };
        var times = new Dictionary<string, List<double>> { ["storescp (no fsync)"] = [], ["ours, fsync before success"] = [] };
        for (var run = 1; run <= runs; run++)
        {
            var target = Path.Combine(root, "nagle-received");
            foreach (var name in times.Keys)
            {
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                Directory.CreateDirectory(target);
                var seconds = (name.StartsWith("ours", StringComparison.Ordinal) ? await OursAsync(files, target) : await StorescpAsync(files, target)).TotalSeconds;
                times[name].Add(seconds);
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {run} | {name} | {seconds:F2} |"));
            }
        }

        rows.Add(string.Empty);
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"- Best runs: ours (fsync) / storescp throughput = **{times["storescp (no fsync)"].Min() / times["ours, fsync before success"].Min():F2}x**."));
        rows.Add(string.Empty);
        return rows;
    }

    private static async Task<TimeSpan> OursAsync(string[] files, string target)
    {
        await using var server = await ComparisonHarness.OurStorageServerAsync(target, flush: true);
        return await SendAsync(files, server.LocalEndPoint.Port, ComparisonHarness.OurAe);
    }

    private static async Task<TimeSpan> StorescpAsync(string[] files, string target)
    {
        var port = FreeTcpPort.Next();
        var process = await Peer.StartServerAsync("storescp", port, "-od", target, "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            return await SendAsync(files, port, "STORESCP");
        }
        finally
        {
            await Peer.StopAsync(process);
        }
    }

    private static async Task<TimeSpan> SendAsync(string[] files, int port, string calledAe)
    {
        var clock = Stopwatch.StartNew();
        var result = await DcmjsDimsePeer.SendAsync(
            new DimseSendPlan("127.0.0.1", port, "DCMJS", calledAe, [.. files.Select(f => new DimseRequest("C-STORE") { File = f })]),
            TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed;
        if (result.Responses.Count != files.Length || result.Responses.Any(r => r.GetProperty("status").GetInt32() != 0))
        {
            throw new InvalidOperationException($"dcmjs did not store every instance into {calledAe}: {result}");
        }

        return elapsed;
    }
}
