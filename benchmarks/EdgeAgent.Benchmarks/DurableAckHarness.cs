using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.EdgeAgent.Benchmarks;

/// <summary>
/// Durable-ACK MLLP throughput: the agent's MLLP server with its durable handler (parse, validate, group-committed
/// SQLite write with fsync, then ACK) against python-hl7's asyncio MLLP server (parse, ACK, nothing stored), under the
/// same load, in the same run, with 1 and 8 concurrent senders.
/// </summary>
public static class DurableAckHarness
{
    public static async Task RunAsync(double seconds)
    {
        var folder = Directory.CreateTempSubdirectory("edge-bench-");
        try
        {
            var rows = new List<(string Server, LoadResult Result, long Commits, long Writes)>();
            foreach (var senders in new[] { 1, 8 })
            {
                var (ours, commits, writes) = await RunOursAsync(Path.Combine(folder.FullName, $"edge-{senders}.db"), senders, seconds);
                rows.Add(("CloudRisPacs edge agent (durable ACK, fsync)", ours, commits, writes));
                rows.Add(("python-hl7 asyncio server (ACK only, no storage)", await RunPythonAsync(senders, seconds), 0, 0));
            }

            Console.WriteLine();
            Console.WriteLine($"Durable-ACK MLLP throughput, {seconds:0.#} s per run, ORM^O01 of {Message(0, 0).Length} bytes, loopback:");
            Console.WriteLine("| server | senders | messages | msg/s | p50 ACK ms | p99 ACK ms | writes per fsync |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (server, r, commits, writes) in rows)
            {
                var group = commits == 0 ? "-" : (writes / (double)commits).ToString("0.0", CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {server} | {r.Senders} | {r.Messages} | {r.PerSecond:0} | {r.P50Milliseconds:0.00} | {r.P99Milliseconds:0.00} | {group} |"));
            }

            foreach (var senders in new[] { 1, 8 })
            {
                var ours = rows.First(r => r.Result.Senders == senders && r.Commits > 0).Result;
                var python = rows.First(r => r.Result.Senders == senders && r.Commits == 0).Result;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ratio with {senders} sender(s): {ours.PerSecond / python.PerSecond:0.00}x"));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A realistic order (about 1 KB), unique per sender and sequence number.</summary>
    public static byte[] Message(int sender, long sequence)
    {
        var control = string.Create(CultureInfo.InvariantCulture, $"B{sender}-{sequence}");
        return Encoding.ASCII.GetBytes(
            $"MSH|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320071500||ORM^O01^ORM_O01|{control}|P|2.5.1\r" +
            $"PID|1||P{sender}-{sequence % 500}^^^CLINIC^MR~987654^^^STATE^SS||Doe^Jane^Q^^Dr.~Smith^Jane^^^^^M||19801231|F|||12 Main Street^^Springfield^IL^62701^USA||^PRN^PH^^^217^5551234\r" +
            "PV1|1|O|XRAY^^^CLINIC||||1234^Welby^Marcus^^^Dr.|||||||||||V100\r" +
            "ORC|NW|PLC-1^RIS|FIL-1^PACS||SC||^^^20240321090000^^R||20240320071500|TECH1^Tech^One||1234^Welby^Marcus\r" +
            "OBR|1|PLC-1^RIS|FIL-1^PACS|71020^CHEST 2 VIEWS^CPT4|||20240320071500|||||||||1234^Welby^Marcus||ACC-1|RP-1|SPS-1||||CR|||^^^20240321090000^^R\r" +
            "NTE|1|P|Patient is claustrophobic; please use the open scanner if one is available on the day.\r" +
            "ZDS|1.2.840.113619.2.55.3.1001^100^Application^DICOM\r");
    }

    private static async Task<(LoadResult Result, long Commits, long Writes)> RunOursAsync(string databasePath, int senders, double seconds)
    {
        await using var database = EdgeDatabase.Open(databasePath);
        using var counters = new EdgeCounters();
        var handler = BenchmarkHandler.Create(database, counters);
        var options = new MllpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        await using var server = new MllpServer(options, handler);
        await server.StartAsync(CancellationToken.None);
        await LoadGenerator.RunAsync(server.LocalEndPoint.Port, senders, TimeSpan.FromSeconds(1), (s, n) => Message(s + 100, n)); // warm-up
        var (commits, writes) = (database.Commits, database.Writes);
        var result = await LoadGenerator.RunAsync(server.LocalEndPoint.Port, senders, TimeSpan.FromSeconds(seconds), Message);
        return (result, database.Commits - commits, database.Writes - writes);
    }

    private static async Task<LoadResult> RunPythonAsync(int senders, double seconds)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "python_mllp_server.py"));
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        using var python = Process.Start(info)!;
        try
        {
            var ready = await python.StandardOutput.ReadLineAsync();
            if (ready != "listening")
            {
                throw new InvalidOperationException($"python-hl7's server did not start: {await python.StandardError.ReadToEndAsync()}");
            }

            await LoadGenerator.RunAsync(port, senders, TimeSpan.FromSeconds(1), (s, n) => Message(s + 100, n)); // warm-up
            return await LoadGenerator.RunAsync(port, senders, TimeSpan.FromSeconds(seconds), Message);
        }
        finally
        {
            python.Kill(entireProcessTree: true);
            await python.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
