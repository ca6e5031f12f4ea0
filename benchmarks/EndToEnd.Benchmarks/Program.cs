using System.Diagnostics;
using System.Globalization;
using System.Text;
using CloudRisPacs.Hl7.Mllp;
using CloudRisPacs.TestSupport;
using CloudRisPacs.Tools.LocalDepartment;

// ORM received by the edge → worklist item answerable by C-FIND at the edge, over the real department (the processes
// run.sh starts). For each order, one at a time: the ORM goes over MLLP and the clock starts when the edge's AA arrives
// (the order is durably stored at the edge); then DCMTK's findscu -W asks the edge for that accession back to back and
// the clock stops when a findscu run returns the item. So each latency includes one findscu run (reported separately).
//
// --gap waits that long before each order, so every order meets idle queue pumps (their poll waits have grown to the
// maximum): the worst case of a quiet department, where back-to-back orders show the busy case.
//
// dotnet run -c Release --project benchmarks/EndToEnd.Benchmarks -- [--orders 200] [--gap 00:00:03] [--cloud-poll 00:00:00.250] [--edge-poll 00:00:00.250]
var orders = int.Parse(Argument("--orders") ?? "200", CultureInfo.InvariantCulture);
var gap = TimeSpan.Parse(Argument("--gap") ?? "00:00:00", CultureInfo.InvariantCulture);
var cloudPoll = Argument("--cloud-poll");
var edgePoll = Argument("--edge-poll");
var findscu = PeerTools.Require("findscu");
var data = Path.Combine(Path.GetTempPath(), $"cloudrispacs-e2e-bench-{Guid.NewGuid():N}");
var options = new DepartmentOptions
{
    RepositoryRoot = RepositoryPaths.Root,
    DataFolder = data,
    BuildConfiguration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug",
    ApiPort = 0, RisPort = 0, MllpPort = 0, DicomPort = 0, StatusPort = 0,
};
if (cloudPoll is not null)
{
    options.CloudSettings["CloudRisPacs:Bus:StorageQueues:MaxPollInterval"] = cloudPoll;
}

if (edgePoll is not null)
{
    options.AgentSettings["EdgeAgent:Cloud:MaxPollInterval"] = edgePoll;
}

Console.WriteLine($"== starting the department ({options.BuildConfiguration}); cloud poll {cloudPoll ?? "run.sh default"}, edge poll {edgePoll ?? "run.sh default"}");
await using var department = await Department.StartAsync(options);
var endpoints = department.Endpoints;
await using var mllp = new MllpClient(new MllpClientOptions { Host = DepartmentEndpoints.Host, Port = endpoints.MllpPort });
var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

const int Warmup = 5;
var latencies = new List<double>();
var findRuns = new List<double>();
var polls = new List<int>();
for (var i = 0; i < orders + Warmup; i++)
{
    await Task.Delay(gap);
    var accession = $"B{run}{i:D4}";
    var sent = await mllp.SendAsync(Encoding.UTF8.GetBytes(Order(accession, $"BP{run}{i % 20:D2}", i)), CancellationToken.None);
    if (!sent.IsAccepted)
    {
        throw new InvalidOperationException($"The edge answered {sent.AcknowledgmentCode} for order {accession}.");
    }

    var clock = Stopwatch.StartNew();
    var attempts = 0;
    while (true)
    {
        attempts++;
        var started = clock.Elapsed;
        var found = await FindAsync(accession);
        findRuns.Add((clock.Elapsed - started).TotalMilliseconds);
        if (found)
        {
            break;
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(30))
        {
            throw new TimeoutException($"Order {accession} did not reach the edge's worklist within 30 s; logs: {endpoints.LogsFolder}");
        }
    }

    if (i >= Warmup)
    {
        latencies.Add(clock.Elapsed.TotalMilliseconds);
        polls.Add(attempts);
    }
}

latencies.Sort();
findRuns.Sort();
Console.WriteLine($"orders {latencies.Count} (after {Warmup} warm-up), one at a time, {gap.TotalSeconds:F0} s idle before each");
Console.WriteLine($"ORM ACKed by the edge → item returned by findscu -W at the edge: p50 {Percentile(latencies, 50):F0} ms, p95 {Percentile(latencies, 95):F0} ms, " +
                  $"p99 {Percentile(latencies, 99):F0} ms, max {latencies[^1]:F0} ms, mean {latencies.Average():F0} ms");
Console.WriteLine($"one findscu -W run (process start, association, C-FIND, release): p50 {Percentile(findRuns, 50):F0} ms; findscu runs per order: mean {polls.Average():F1}");
try
{
    Directory.Delete(data, recursive: true);
}
catch (IOException)
{
    // The temp folder is left for the system to clean.
}

return 0;

async Task<bool> FindAsync(string accession)
{
    var folder = Path.Combine(data, "find", accession);
    Directory.CreateDirectory(folder);
    var result = await ProcessRunner.RunAsync(findscu,
        ["-W", "-aet", "BENCH_CT", "-aec", endpoints.DicomAeTitle, DepartmentEndpoints.Host, endpoints.DicomPort.ToString(CultureInfo.InvariantCulture),
         "-k", $"AccessionNumber={accession}", "-k", "PatientID", "-X", "-od", folder], TimeSpan.FromSeconds(30));
    return result.ExitCode == 0 && Directory.EnumerateFiles(folder, "*.dcm").Any();
}

static double Percentile(List<double> sorted, int percentile) =>
    sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Order(string accession, string patient, int n)
{
    var now = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    return string.Join('\r',
        $"MSH|^~\\&|BENCH_RIS|BENCH|CLOUDRISPACS|CLOUD|{now}||ORM^O01|ORM{accession}|P|2.3.1",
        $"PID|1||{patient}^^^BENCH^MR||BENCH^PATIENT^{n}||19700101|F",
        "PV1|1|O|RAD",
        $"ORC|NW|PLC{accession}^RIS|FIL{accession}^RIS||SC||^^^{now}^^R||{now}",
        $"OBR|1|PLC{accession}^RIS|FIL{accession}^RIS|CTCHEST^CT Chest^L||||||||||||D1^REF||{accession}|RP1|SPS1||||CT") + "\r";
}

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
