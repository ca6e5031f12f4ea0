using System.Globalization;
using CloudRisPacs.EdgeAgent.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/EdgeAgent.Benchmarks -- [--seconds N]
//        dotnet run -c Release --project benchmarks/EdgeAgent.Benchmarks -- --spool [--instances N] [--size-kib N] [--runs N]
var secondsAt = Array.IndexOf(args, "--seconds");
var seconds = secondsAt >= 0 ? double.Parse(args[secondsAt + 1], CultureInfo.InvariantCulture) : 8;
if (args.Contains("--spool"))
{
    await SpoolIngestHarness.RunAsync(args);
    return;
}

if (args.Contains("--probe"))
{
    await StoreProbe.RunAsync();
    return;
}

await DurableAckHarness.RunAsync(seconds);
