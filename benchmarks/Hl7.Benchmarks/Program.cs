using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CloudRisPacs.Hl7.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Hl7.Benchmarks -- [--compare-only] [--seconds N] [BenchmarkDotNet args]
var compareOnly = args.Contains("--compare-only");
var secondsAt = Array.IndexOf(args, "--seconds");
var seconds = secondsAt >= 0 ? double.Parse(args[secondsAt + 1], CultureInfo.InvariantCulture) : 5;
var benchmarkArgs = args.Where((a, i) => a != "--compare-only" && a != "--seconds" && (secondsAt < 0 || i != secondsAt + 1)).ToArray();
if (!compareOnly)
{
    // Short in-process runs: the machine is small and shared.
    var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1);
    BenchmarkSwitcher.FromTypes([typeof(Hl7Benchmarks)]).Run(
        benchmarkArgs.Length > 0 ? benchmarkArgs : ["--filter", "*"], DefaultConfig.Instance.AddJob(job));
}

SideBySideHarness.Run(seconds);
