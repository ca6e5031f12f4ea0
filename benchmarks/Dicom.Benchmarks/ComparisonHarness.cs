using System.Diagnostics;
using System.Globalization;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Benchmarks;

/// <summary>
/// Reads the same files with our reader, pydicom and DCMTK's dcmdump in one run and prints files per second and
/// ratios as a Markdown table. pydicom is timed inside its own process (no interpreter start-up counted); dcmdump is
/// given the file many times on one command line and its single-file run is subtracted, so its start-up is not
/// counted either.
/// </summary>
public static class ComparisonHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(2.0);
        var rows = new List<string>
        {
            "| file | size | read | ours files/s | pydicom files/s | dcmdump files/s | ours / pydicom | ours / dcmdump |",
            "|---|---:|---|---:|---:|---:|---:|---:|",
        };
        foreach (var (name, path) in new[] { ("CT_small.dcm", SampleFiles.CtSmall), ("MR_small.dcm", SampleFiles.MrSmall), ("CT 512x512 (generated)", SampleFiles.Large) })
        {
            foreach (var headerOnly in new[] { true, false })
            {
                var ours = Ours(path, headerOnly, seconds);
                var python = await PydicomAsync(path, headerOnly, ours, seconds);
                var dcmdump = await DcmdumpAsync(path, headerOnly);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {new FileInfo(path).Length / 1024.0:F0} KiB | {(headerOnly ? "header only" : "full")} | {ours:F0} | {python:F0} | {dcmdump:F0} | {ours / python:F1}x | {ours / dcmdump:F1}x |"));
                Console.Error.WriteLine(rows[^1]);
            }
        }

        Console.WriteLine(string.Join(Environment.NewLine, rows));
        return 0;
    }

    private static double Ours(string path, bool headerOnly, double seconds)
    {
        var options = new DicomReaderOptions { StopBeforePixelData = headerOnly };
        // Warm up long enough for tiered compilation to replace the first code.
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < Math.Max(1, seconds / 2))
        {
            DicomFileReader.Read(path, options);
        }

        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 100; i++)
            {
                DicomFileReader.Read(path, options);
            }

            count += 100;
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> PydicomAsync(string path, bool headerOnly, double oursRate, double seconds)
    {
        // Aim at about the same wall time as ours: pydicom is expected to be slower, so start from a tenth of our count.
        var script = Path.Combine(AppContext.BaseDirectory, "pydicom_timing.py");
        var count = Math.Max(50, (int)(oursRate * seconds / 10));
        var output = await RunAsync("/usr/bin/python3", [script, headerOnly ? "header" : "full", path, count.ToString(CultureInfo.InvariantCulture)]);
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<double> DcmdumpAsync(string path, bool headerOnly)
    {
        // +P prints only the searched tag, so the time is parsing, not printing; +sb stops before Pixel Data.
        string[] options = headerOnly ? ["-q", "+sb", "7fe0,0010", "+P", "0010,0010"] : ["-q", "+P", "0010,0010"];
        const int many = 2000;
        var single = await TimeAsync("dcmdump", [.. options, path]);
        single = Math.Min(single, await TimeAsync("dcmdump", [.. options, path]));
        var all = await TimeAsync("dcmdump", [.. options, .. Enumerable.Repeat(path, many)]);
        return (many - 1) / Math.Max(all - single, 1e-6);
    }

    private static async Task<double> TimeAsync(string program, string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        await RunAsync(program, arguments);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
