using BenchmarkDotNet.Running;
using CloudRisPacs.Dicom.Benchmarks;

// dotnet run -c Release --project benchmarks/Dicom.Benchmarks -- --compare      side-by-side with pydicom and dcmdump
// dotnet run -c Release --project benchmarks/Dicom.Benchmarks -- --filter '*'   BenchmarkDotNet with allocations
if (args.Contains("--compare"))
{
    return await ComparisonHarness.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ParseBenchmarks).Assembly).Run(args);
return 0;
