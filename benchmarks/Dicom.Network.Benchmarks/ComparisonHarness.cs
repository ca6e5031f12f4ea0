using System.Diagnostics;
using System.Globalization;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Storage;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>
/// Side by side with DCMTK in one run: C-STORE ingest from storescu into our SCP (fsync before success) and into
/// storescp; MWL C-FIND over the same worklist from our SCP and wlmscpfs; memory of a C-STORE as the data set grows.
/// Prints Markdown tables for docs/benchmarks/dicom-network.md.
/// </summary>
public static class ComparisonHarness
{
    internal const string OurAe = "OURSCP";
    private const string WorklistAe = "BENCHWL";
    private const int ParallelAssociations = 4;
    private const int AsyncWindow = 8;
    private const string DurableStorescp = "storescp made durable (fdatasync + folder fsync per file, LD_PRELOAD)";
    private const string IgnoringStorescp = "storescp --ignore (receives, keeps nothing)";
    private const string DrainingOurs = "ours draining the data set (keeps nothing)";

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = Number(args, "--instances", 1000);
        var sizeKib = Number(args, "--size-kib", 512);
        var worklistItems = Number(args, "--worklist", 10_000);
        var runs = Number(args, "--runs", 2);
        var memoryMaxMb = Number(args, "--memory-max-mb", 1024);
        var receivers = args.SkipWhile(a => a != "--receivers").Skip(1).FirstOrDefault()?.Split(',') ?? [];
        var all = !args.Any(a => a is "--store" or "--find" or "--memory" or "--nagle");
        var root = Path.Combine(Path.GetTempPath(), "cloudrispacs-netbench");
        Directory.CreateDirectory(root);
        var output = new List<string>();
        if (all || args.Contains("--store"))
        {
            output.AddRange(await StoreAsync(root, instances, sizeKib, runs, receivers));
        }

        if (all || args.Contains("--find"))
        {
            output.AddRange(await FindAsync(root, worklistItems, runs));
        }

        if (all || args.Contains("--memory"))
        {
            output.AddRange(await MemoryAsync(memoryMaxMb));
        }

        if (all || args.Contains("--nagle"))
        {
            output.AddRange(await NagleSender.RunAsync(root, runs));
        }

        Console.WriteLine(string.Join(Environment.NewLine, output));
        return 0;
    }

    private static async Task<List<string>> StoreAsync(string root, int instances, int sizeKib, int runs, string[] receivers)
    {
        var source = Path.Combine(root, $"instances-{instances}-{sizeKib}");
        if (!Directory.Exists(source) || Directory.GetFiles(source).Length != instances)
        {
            Console.Error.WriteLine($"writing {instances} instances of {sizeKib} KiB ...");
            Workload.WriteInstances(source, instances, sizeKib);
        }

        var megabytes = Directory.GetFiles(source).Sum(f => new FileInfo(f).Length) / 1e6;
        var rows = new List<string>
        {
            $"### C-STORE ingest: storescu sends {instances} instances, {megabytes:F0} MB in all",
            string.Empty,
            "| run | receiver | seconds | MB/s | instances/s |",
            "|---|---|---:|---:|---:|",
        };
        var (durableClose, noDurableClose) = await DurableClose.BuildAsync(root);
        await WarmUpAsync(root, source);
        var times = new Dictionary<string, List<double>>();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var (name, receive) in new (string, Func<string, Task<TimeSpan>>?)[]
            {
                ("ours, fsync before success", target => OursStoreAsync(source, target, flush: true)),
                ("storescp (no fsync)", target => StorescpAsync(source, target)),
                (DurableStorescp, durableClose is null ? null : target => StorescpAsync(source, target, preload: durableClose)),
                ("ours without fsync", target => OursStoreAsync(source, target, flush: false)),
                ($"ours, fsync, {ParallelAssociations} storescu in parallel", target => OursStoreAsync(source, target, flush: true, ParallelAssociations)),
                ($"storescp --fork, {ParallelAssociations} storescu in parallel", target => StorescpAsync(source, target, ParallelAssociations)),
                ($"ours, fsync, our SCU with window {AsyncWindow}", target => OursFromOurClientAsync(source, target)),
                (IgnoringStorescp, target => StorescpAsync(source, target, extra: ["--ignore"])),
                (DrainingOurs, _ => OursDrainingAsync(source)),
            })
            {
                if (receive is null || (receivers.Length > 0 && !receivers.Any(r => name.Contains(r, StringComparison.Ordinal))))
                {
                    continue;
                }

                var target = Path.Combine(root, "received");
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                Directory.CreateDirectory(target);

                // Dirty pages of the previous receiver would otherwise be written back during this one's timing.
                (await Peer.RunSystemAsync("sync")).EnsureSuccess("sync");
                var elapsed = await receive(target);
                var stored = Directory.GetFiles(target).Length;
                if (stored != (name is IgnoringStorescp or DrainingOurs ? 0 : instances))
                {
                    throw new InvalidOperationException($"{name} stored {stored} of {instances} instances.");
                }

                times.TryAdd(name, []);
                times[name].Add(elapsed.TotalSeconds);
                rows.Add(Invariant($"| {run} | {name} | {elapsed.TotalSeconds:F2} | {megabytes / elapsed.TotalSeconds:F0} | {instances / elapsed.TotalSeconds:F0} |"));
                Console.Error.WriteLine(rows[^1]);
            }
        }

        if (receivers.Length > 0)
        {
            // A chosen few receivers (for profiling one of them): their times only, no ratios.
            rows.Add(string.Empty);
            return rows;
        }

        var ours = times["ours, fsync before success"].Min();
        var dcmtk = times["storescp (no fsync)"].Min();
        var noSync = times["ours without fsync"].Min();
        var parallel = times[$"ours, fsync, {ParallelAssociations} storescu in parallel"].Min();
        var dcmtkParallel = times[$"storescp --fork, {ParallelAssociations} storescu in parallel"].Min();
        var window = times[$"ours, fsync, our SCU with window {AsyncWindow}"].Min();
        rows.Add(string.Empty);
        rows.Add(Invariant($"- Best runs: ours (fsync) / storescp throughput = **{dcmtk / ours:F2}x**; ours without fsync / storescp = {dcmtk / noSync:F2}x."));
        rows.Add(durableClose is null
            ? $"- {DurableStorescp}: not measured, {noDurableClose}."
            : Invariant($"- Same durability on both sides: ours (fsync) / {DurableStorescp} = **{times[DurableStorescp].Min() / ours:F2}x**."));
        rows.Add(Invariant($"- {ParallelAssociations} associations in parallel: ours (fsync) / storescp --fork = **{dcmtkParallel / parallel:F2}x**; ours (fsync) / single-association storescp = {dcmtk / parallel:F2}x."));
        rows.Add(Invariant($"- Our SCU with window {AsyncWindow} into ours (fsync) / storescu into storescp = **{dcmtk / window:F2}x**."));
        rows.Add(Invariant($"- Receive path alone: {DrainingOurs} / {IgnoringStorescp} throughput = **{times[IgnoringStorescp].Min() / times[DrainingOurs].Min():F2}x**."));
        rows.AddRange(FloorRows(root, instances, sizeKib, dcmtk, times[IgnoringStorescp].Min()));
        rows.Add(string.Empty);
        return rows;
    }

    /// <summary>
    /// The fastest any receiver that answers only once the instance is on disk could be here, from what storescu needs
    /// with a receiver that keeps nothing plus what the disk charges per durable instance (see <see cref="DurabilityFloor"/>).
    /// </summary>
    private static IEnumerable<string> FloorRows(string root, int instances, int sizeKib, double storescp, double ignoring)
    {
        var disk = DurabilityFloor.Measure(root, sizeKib * 1024);
        double Floor(double perInstanceMs) => ignoring + (instances * perInstanceMs / 1000);
        yield return Invariant($"- Disk (median of 200): a flush alone (fdatasync after a 512-byte rewrite in place) {disk.FlushMs:F2} ms; {sizeKib} KiB made durable: over the same blocks each time {disk.SameBlocksMs:F2} ms, over pre-written blocks of its own {disk.OwnBlocksMs:F2} ms, as a new file {disk.NewFileMs:F2} ms.");
        yield return Invariant($"- Floor for any receiver that answers after the instance is on disk: storescu into {IgnoringStorescp} {ignoring:F2} s plus {instances} durable writes over pre-written blocks = {Floor(disk.OwnBlocksMs):F2} s, at best **{storescp / Floor(disk.OwnBlocksMs):F2}x** of storescp; with new files {storescp / Floor(disk.NewFileMs):F2}x; with flushes alone (no data to write, unreachable) {storescp / Floor(disk.FlushMs):F2}x.");
    }

    /// <summary>
    /// Untimed: storescp is native code, ours is compiled just in time, and whichever of our receivers ran first paid
    /// for that (the first run's first receiver was 1.5x–3x slower than in the next run). An agent pays it once at start.
    /// </summary>
    private static async Task WarmUpAsync(string root, string source)
    {
        var sample = Path.Combine(root, "warm-up-sample");
        var target = Path.Combine(root, "warm-up-received");
        foreach (var folder in new[] { sample, target })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
        }

        foreach (var file in Directory.GetFiles(source).Order(StringComparer.Ordinal).Take(200))
        {
            File.Copy(file, Path.Combine(sample, Path.GetFileName(file)));
        }

        await OursStoreAsync(sample, target, flush: true);
        Directory.Delete(sample, recursive: true);
        Directory.Delete(target, recursive: true);
    }

    private static async Task<TimeSpan> OursStoreAsync(string source, string target, bool flush, int associations = 1)
    {
        await using var server = await OurStorageServerAsync(target, flush);
        return await StorescuAsync(source, Port(server), OurAe, associations);
    }

    private static async Task<TimeSpan> OursFromOurClientAsync(string source, string target)
    {
        await using var server = await OurStorageServerAsync(target, flush: true);
        var files = Directory.GetFiles(source).Order(StringComparer.Ordinal).ToArray();
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = server.LocalEndPoint.Port, CalledAeTitle = OurAe, CallingAeTitle = "BENCHSCU", MaxAsyncOperations = AsyncWindow });
        var clock = Stopwatch.StartNew();
        var statuses = await client.StoreFilesAsync(files);
        clock.Stop();
        if (statuses.Any(status => status != DicomStatus.Success))
        {
            throw new InvalidOperationException($"our SCU: {statuses.Count(status => status != DicomStatus.Success)} stores failed.");
        }

        return clock.Elapsed;
    }

    /// <summary>Our receive path alone, to compare with storescp --ignore: the handler reads each data set and drops it.</summary>
    private static async Task<TimeSpan> OursDrainingAsync(string source)
    {
        var options = new DicomServerOptions { AeTitle = OurAe, BindAddress = "127.0.0.1", Port = 0, AllowAnyCallingAeTitle = true, MaxPduLength = 64 * 1024 };
        await using var server = new DicomServer(options, new DicomServiceRegistry().AddStorage(new Draining()));
        await server.StartAsync(CancellationToken.None);
        return await StorescuAsync(source, server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), OurAe, 1);
    }

    private sealed class Draining : ICStoreHandler
    {
        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            await request.DataSet.CopyToAsync(Stream.Null, cancellationToken);
            return DicomStatus.Success;
        }
    }

    /// <summary>Our storage SCP on a free loopback port, storing into <paramref name="target"/> (flushed before success when <paramref name="flush"/>).</summary>
    internal static async Task<DicomServer> OurStorageServerAsync(string target, bool flush)
    {
        var options = new DicomServerOptions { AeTitle = OurAe, BindAddress = "127.0.0.1", Port = 0, AllowAnyCallingAeTitle = true, MaxPduLength = 64 * 1024 };
        var handler = new DicomFileStoreHandler(new DicomFileStoreOptions { Directory = target, FlushToDisk = flush });
        var server = new DicomServer(options, new DicomServiceRegistry().AddStorage(handler));
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    /// <summary>storescu over the source files, split evenly between <paramref name="associations"/> processes that run at once.</summary>
    private static async Task<TimeSpan> StorescuAsync(string source, string port, string calledAe, int associations)
    {
        if (associations == 1)
        {
            return await Peer.TimeAsync("storescu", "-R", "+sd", "-aec", calledAe, "127.0.0.1", port, source);
        }

        var files = Directory.GetFiles(source).Order(StringComparer.Ordinal).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, associations).Select(part =>
            Peer.TimeAsync("storescu", ["-R", "-aec", calledAe, "127.0.0.1", port, .. files.Where((_, i) => i % associations == part)])));
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> StorescpAsync(string source, string target, int associations = 1, string? preload = null, string[]? extra = null)
    {
        var port = FreeTcpPort.Next();
        string[] fork = associations > 1 ? ["--fork"] : [];
        var process = await Peer.StartPreloadedServerAsync("storescp", port, preload, [.. fork, .. extra ?? [], "-pdu", "65536", "-od", target, "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            return await StorescuAsync(source, port.ToString(CultureInfo.InvariantCulture), "STORESCP", associations);
        }
        finally
        {
            await Peer.StopAsync(process);
        }
    }

    private static async Task<List<string>> FindAsync(string root, int count, int runs)
    {
        var items = Workload.WorklistItems(count);
        var database = Path.Combine(root, $"worklist-{count}");
        var folder = Path.Combine(database, WorklistAe);
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.wl").Length != count)
        {
            Console.Error.WriteLine($"writing {count} worklist files ...");
            if (Directory.Exists(database))
            {
                Directory.Delete(database, recursive: true);
            }

            Workload.WriteWorklistFiles(folder, items);
        }

        var queries = new (string Name, DicomDataset Identifier)[]
        {
            ("one station, one day", Query(station: "STATION07", date: "20240308")),
            ("one modality, one week", Query(modality: "CT", date: "20240304-20240310")),
            ("everything", Query()),
        };
        var port = FreeTcpPort.Next();
        var wlmscpfs = await Peer.StartServerAsync("wlmscpfs", port, "-dfp", database, port.ToString(CultureInfo.InvariantCulture));
        var options = new DicomServerOptions { AeTitle = WorklistAe, BindAddress = "127.0.0.1", Port = 0, AllowAnyCallingAeTitle = true };
        await using var inMemory = new DicomServer(options, new DicomServiceRegistry().AddModalityWorklist(new ModalityWorklistService(new InMemoryWorklistItemSource(items))));
        await using var fromFiles = new DicomServer(new DicomServerOptions { AeTitle = WorklistAe, BindAddress = "127.0.0.1", Port = 0, AllowAnyCallingAeTitle = true }, new DicomServiceRegistry().AddModalityWorklist(new ModalityWorklistService(new DicomFileWorklistItemSource(folder))));
        await inMemory.StartAsync(CancellationToken.None);
        await fromFiles.StartAsync(CancellationToken.None);
        var rows = new List<string>
        {
            $"### MWL C-FIND over {count} worklist items (median of {Math.Max(3, runs * 2) + 1} queries, our SCU as the client for all three)",
            string.Empty,
            "| query | matches | wlmscpfs ms | ours, in-memory source ms | ours, file source ms | in-memory / wlmscpfs | files / wlmscpfs |",
            "|---|---:|---:|---:|---:|---:|---:|",
        };
        try
        {
            foreach (var (name, identifier) in queries)
            {
                var repeat = Math.Max(3, runs * 2) + 1;
                var (dcmtkMatches, dcmtk) = await MedianQueryAsync(port, identifier, repeat);
                var (memoryMatches, memory) = await MedianQueryAsync(inMemory.LocalEndPoint.Port, identifier, repeat);
                var (fileMatches, files) = await MedianQueryAsync(fromFiles.LocalEndPoint.Port, identifier, repeat);
                if (dcmtkMatches != memoryMatches || dcmtkMatches != fileMatches)
                {
                    throw new InvalidOperationException($"{name}: wlmscpfs found {dcmtkMatches}, ours {memoryMatches} / {fileMatches}.");
                }

                rows.Add(Invariant($"| {name} | {dcmtkMatches} | {dcmtk:F1} | {memory:F1} | {files:F1} | {memory / dcmtk:F3}x | {files / dcmtk:F2}x |"));
                Console.Error.WriteLine(rows[^1]);
            }
        }
        finally
        {
            await Peer.StopAsync(wlmscpfs);
        }

        rows.Add(string.Empty);
        return rows;
    }

    private static async Task<(int Matches, double Milliseconds)> MedianQueryAsync(int port, DicomDataset identifier, int repeat)
    {
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = port, CalledAeTitle = WorklistAe, CallingAeTitle = "BENCHSCU" });
        var times = new List<double>();
        var matches = 0;
        for (var i = 0; i <= repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            matches = 0;
            await foreach (var response in client.FindAsync(DicomUid.ModalityWorklistInformationModelFind.Value, identifier))
            {
                matches += response.Status.IsPending ? 1 : 0;
            }

            // The first query warms up (JIT, file cache) and is not counted.
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (matches, times[times.Count / 2]);
    }

    private static DicomDataset Query(string station = "", string modality = "", string date = "")
    {
        var identifier = new DicomDataset()
            .SetEmpty(DicomTag.AccessionNumber)
            .SetEmpty(DicomTag.PatientName)
            .SetEmpty(DicomTag.PatientID)
            .SetEmpty(DicomTag.PatientBirthDate)
            .SetEmpty(DicomTag.PatientSex)
            .SetEmpty(DicomTag.StudyInstanceUID)
            .SetEmpty(DicomTag.RequestedProcedureID);
        var step = new DicomDataset()
            .SetEmpty(DicomTag.ScheduledStationAETitle)
            .SetEmpty(DicomTag.Modality)
            .SetEmpty(DicomTag.ScheduledProcedureStepStartDate)
            .SetEmpty(DicomTag.ScheduledProcedureStepStartTime)
            .SetEmpty(DicomTag.ScheduledProcedureStepID);
        if (station.Length > 0)
        {
            step.SetString(DicomTag.ScheduledStationAETitle, station);
        }

        if (modality.Length > 0)
        {
            step.SetString(DicomTag.Modality, modality);
        }

        if (date.Length > 0)
        {
            step.SetString(DicomTag.ScheduledProcedureStepStartDate, date);
        }

        identifier.SetSequence(DicomTag.ScheduledProcedureStepSequence, step);
        return identifier;
    }

    private static async Task<List<string>> MemoryAsync(int maxMb)
    {
        var sink = new SamplingSink();
        var options = new DicomServerOptions { AeTitle = OurAe, BindAddress = "127.0.0.1", Port = 0, AllowAnyCallingAeTitle = true };
        await using var server = new DicomServer(options, new DicomServiceRegistry().AddStorage(sink));
        await server.StartAsync(CancellationToken.None);
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = server.LocalEndPoint.Port, CalledAeTitle = OurAe });
        await using var association = await client.ConnectAsync([new DicomPresentationContextProposal(DicomUid.SecondaryCaptureImageStorage.Value, DicomTransferSyntax.ExplicitVRLittleEndian)]);
        var rows = new List<string>
        {
            "### Memory while one C-STORE data set streams from our SCU to our SCP (both in this process; a full collection every 8 MB)",
            string.Empty,
            "| data set | peak live managed heap above start | peak working set above start | MB/s |",
            "|---:|---:|---:|---:|",
        };
        for (var megabytes = 16; megabytes <= maxMb; megabytes *= 4)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            sink.Reset();
            var stream = new LargeDataSet(DicomUid.SecondaryCaptureImageStorage.Value, DicomUid.Generate().Value, (long)megabytes << 20);
            var clock = Stopwatch.StartNew();
            var status = await association.StoreAsync(stream, DicomUid.SecondaryCaptureImageStorage.Value, DicomUid.Generate().Value, DicomTransferSyntax.ExplicitVRLittleEndian);
            clock.Stop();
            if (!status.IsSuccess || sink.Received != stream.Length)
            {
                throw new InvalidOperationException($"the {megabytes} MB store failed: {status}, {sink.Received} bytes");
            }

            rows.Add(Invariant($"| {megabytes} MiB | {sink.PeakHeap / 1048576.0:F1} MiB | {sink.PeakWorkingSet / 1048576.0:F1} MiB | {stream.Length / 1e6 / clock.Elapsed.TotalSeconds:F0} |"));
            Console.Error.WriteLine(rows[^1]);
        }

        rows.Add(string.Empty);
        return rows;
    }

    private static string Port(DicomServer server) => server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    private static int Number(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(fallback);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Drains the data set and samples the live heap and the working set every 8 MB.</summary>
    private sealed class SamplingSink : ICStoreHandler
    {
        private long heapStart;
        private long workingSetStart;

        public long Received { get; private set; }

        public long PeakHeap { get; private set; }

        public long PeakWorkingSet { get; private set; }

        public void Reset()
        {
            heapStart = GC.GetTotalMemory(forceFullCollection: true);
            workingSetStart = Environment.WorkingSet;
            Received = 0;
            PeakHeap = 0;
            PeakWorkingSet = 0;
        }

        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            var buffer = new byte[128 * 1024];
            long total = 0;
            long next = 0;
            int read;
            while ((read = await request.DataSet.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total >= next)
                {
                    // Live objects only: garbage piles up to a budget that follows the CPU's cache (84 MiB on a machine
                    // with a 260 MiB L3), which says nothing about whether the data set is held.
                    PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: true) - heapStart);
                    PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet - workingSetStart);
                    next += 8 << 20;
                }
            }

            Received = total;
            return DicomStatus.Success;
        }
    }
}
