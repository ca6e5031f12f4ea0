using System.Globalization;
using CloudRisPacs.Dicom.Network.Benchmarks;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Storage;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.Edge.Hosting;
using CloudRisPacs.Edge.Spool;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Benchmarks;

/// <summary>
/// C-STORE into the agent's spool (Part 10 file fsync'd, renamed, directory fsync'd, index row committed without an fsync of its own) against the
/// raw DICOM networking benchmark's receiver (our SCP writing files with fsync, DicomFileStoreHandler) and storescp, in
/// one run: storescu sends the same generated instances to each, alternating, several runs. Prints a Markdown table.
/// With <c>--associations N</c> the instances are split between N storescu processes sending at once, as several
/// modalities do (storescp then runs with --fork).
/// </summary>
public static class SpoolIngestHarness
{
    private const string Ae = "CLOUDRISPACS";
    private static int associations = 1;

    public static async Task RunAsync(string[] args)
    {
        var instances = Number(args, "--instances", 300);
        var sizeKib = Number(args, "--size-kib", 512);
        var runs = Number(args, "--runs", 3);
        associations = Number(args, "--associations", 1);
        var root = Path.Combine(Path.GetTempPath(), "cloudrispacs-spoolbench");
        var source = Path.Combine(root, $"instances-{instances}-{sizeKib}");
        if (!Directory.Exists(source) || Directory.GetFiles(source).Length != instances)
        {
            Workload.WriteInstances(source, instances, sizeKib);
        }

        var megabytes = Directory.GetFiles(source).Sum(f => new FileInfo(f).Length) / 1e6;
        var receivers = new (string Name, Func<string, Task<TimeSpan>> Receive)[]
        {
            ("edge agent spool (file fsync + index row)", target => SpoolAsync(source, target)),
            ("raw DICOM networking: our SCP to files, fsync", target => FilesAsync(source, target)),
            ("storescp (no fsync)", target => StorescpAsync(source, target)),
        };
        var times = receivers.ToDictionary(r => r.Name, _ => new List<double>());
        Console.WriteLine($"### C-STORE: {associations} storescu at once send {instances} instances, {megabytes:F0} MB in all");
        Console.WriteLine();
        Console.WriteLine("| run | receiver | seconds | MB/s | instances/s |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        for (var run = 1; run <= runs; run++)
        {
            // Each run starts with another receiver, so none always follows storescp's unflushed writes.
            foreach (var (name, receive) in receivers.Skip((run - 1) % receivers.Length).Concat(receivers.Take((run - 1) % receivers.Length)))
            {
                var target = Path.Combine(root, "received");
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                Directory.CreateDirectory(target);
                // The previous receiver's dirty pages (storescp never flushes) must not be written during this one's fsyncs.
                await FlushFileSystemAsync();
                var elapsed = await receive(target);
                times[name].Add(elapsed.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {run} | {name} | {elapsed.TotalSeconds:F2} | {megabytes / elapsed.TotalSeconds:F0} | {instances / elapsed.TotalSeconds:F0} |"));
            }
        }

        var spool = times[receivers[0].Name].Min();
        var raw = times[receivers[1].Name].Min();
        var storescp = times[receivers[2].Name].Min();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best runs: spool / raw (fsync) throughput = **{raw / spool:F2}x** (median {Median(times[receivers[1].Name]) / Median(times[receivers[0].Name]):F2}x); spool / storescp = {storescp / spool:F2}x."));
    }

    private static async Task FlushFileSystemAsync()
    {
        using var sync = System.Diagnostics.Process.Start("sync") ?? throw new InvalidOperationException("sync did not start.");
        await sync.WaitForExitAsync();
    }

    private static async Task<TimeSpan> SpoolAsync(string source, string target)
    {
        await using var database = EdgeDatabase.Open(Path.Combine(target, "edge.db"));
        using var counters = new EdgeCounters();
        var outbox = new OutboxStore(database, TimeProvider.System);
        var store = new SpoolStore(database, outbox, TimeProvider.System);
        var spool = new DicomSpool(store, new SpoolOptions { MinFreeDiskBytes = 0 }, Path.Combine(target, "spool"), counters, TimeProvider.System, NullLogger<DicomSpool>.Instance);
        var listener = new DicomListenerOptions { AeTitle = Ae, ListenAddress = "127.0.0.1", Port = 0, AllowAnyCallingAeTitle = true };
        var handler = new SpoolStoreHandler(spool, NullLogger<SpoolStoreHandler>.Instance);
        var gate = new ModalityGate(listener, NullLogger<ModalityGate>.Instance);
        await using var server = new DicomServer(DicomListenerService.ServerOptions(listener, gate), new DicomServiceRegistry().AddStorage(handler));
        await server.StartAsync(CancellationToken.None);
        var elapsed = await StorescuAsync(source, Port(server), Ae);
        var pending = (await store.ReadPendingAsync(int.MaxValue)).Count;
        return pending == Directory.GetFiles(source).Length ? elapsed : throw new InvalidOperationException($"The spool indexed {pending} instances.");
    }

    private static async Task<TimeSpan> FilesAsync(string source, string target)
    {
        var options = new DicomServerOptions { AeTitle = Ae, BindAddress = "127.0.0.1", Port = 0, AllowAnyCallingAeTitle = true, MaxPduLength = 64 * 1024 };
        var handler = new DicomFileStoreHandler(new DicomFileStoreOptions { Directory = target, FlushToDisk = true });
        await using var server = new DicomServer(options, new DicomServiceRegistry().AddStorage(handler));
        await server.StartAsync(CancellationToken.None);
        var elapsed = await StorescuAsync(source, Port(server), Ae);
        return Directory.GetFiles(target).Length == Directory.GetFiles(source).Length ? elapsed : throw new InvalidOperationException("Files missing.");
    }

    private static async Task<TimeSpan> StorescpAsync(string source, string target)
    {
        var port = CloudRisPacs.TestSupport.FreeTcpPort.Next();
        string[] fork = associations > 1 ? ["--fork"] : [];
        var process = await Peer.StartServerAsync("storescp", port, [.. fork, "-pdu", "65536", "-od", target, "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            return await StorescuAsync(source, port.ToString(CultureInfo.InvariantCulture), "STORESCP");
        }
        finally
        {
            await Peer.StopAsync(process);
        }
    }

    private static async Task<TimeSpan> StorescuAsync(string source, string port, string calledAe)
    {
        if (associations == 1)
        {
            return await Peer.TimeAsync("storescu", "-R", "+sd", "-aec", calledAe, "127.0.0.1", port, source);
        }

        var files = Directory.GetFiles(source).Order(StringComparer.Ordinal).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, associations).Select(part =>
            Peer.TimeAsync("storescu", ["-R", "-aec", calledAe, "127.0.0.1", port, .. files.Where((_, i) => i % associations == part)])));
        return clock.Elapsed;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Port(DicomServer server) => server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static int Number(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
