using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Benchmarks;

/// <summary>
/// Measures our parse + typed access rate and python-hl7's (same messages, same reads, same run, one core each),
/// and prints the ratio.
/// </summary>
public static class SideBySideHarness
{
    public static void Run(double seconds)
    {
        var folder = Directory.CreateTempSubdirectory("hl7-bench-");
        try
        {
            var ormPath = Path.Combine(folder.FullName, "orm.hl7");
            var oruPath = Path.Combine(folder.FullName, "oru.hl7");
            var ormBytes = Encoding.Latin1.GetBytes(BenchmarkMessages.Orm);
            var oruBytes = Encoding.UTF8.GetBytes(BenchmarkMessages.Oru);
            File.WriteAllBytes(ormPath, ormBytes);
            File.WriteAllBytes(oruPath, oruBytes);

            var ours = new
            {
                Orm = Rate(() => TypedAccess.ReadOrm(Hl7Message.Parse(ormBytes)), seconds),
                Oru = Rate(() => TypedAccess.ReadOru(Hl7Message.Parse(oruBytes)), seconds),
            };
            var python = RunPython(seconds, ormPath, oruPath);
            Console.WriteLine();
            Console.WriteLine($"Side by side, {seconds:0.#} s each, one thread (ORM {ormBytes.Length} bytes, ORU {oruBytes.Length} bytes):");
            Console.WriteLine("| message | CloudRisPacs.Hl7 msg/s | python-hl7 msg/s | ratio |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            Console.WriteLine(Row("ORM^O01 parse + typed access", ours.Orm, python.GetProperty("orm").GetDouble()));
            Console.WriteLine(Row("ORU^R01 parse + typed access", ours.Oru, python.GetProperty("oru").GetDouble()));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Row(string name, double ours, double theirs) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {ours:N0} | {theirs:N0} | {ours / theirs:0.0}x |");

    private static double Rate(Func<int> operation, double seconds)
    {
        for (var i = 0; i < 2000; i++)
        {
            operation();
        }

        var count = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 100; i++)
            {
                operation();
            }

            count += 100;
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static JsonElement RunPython(double seconds, string ormPath, string oruPath)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "python_parse_rate.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, seconds.ToString(CultureInfo.InvariantCulture), ormPath, oruPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/usr/bin/python3 did not start.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python_parse_rate.py failed ({process.ExitCode}): {error}");
        }

        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
