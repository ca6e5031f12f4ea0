using BenchmarkDotNet.Running;
using CloudRisPacs.Dicom.Network.Benchmarks;

// dotnet run -c Release --project benchmarks/Dicom.Network.Benchmarks -- --compare      side by side with storescp and wlmscpfs, memory
// dotnet run -c Release --project benchmarks/Dicom.Network.Benchmarks -- --filter '*'   BenchmarkDotNet micro benchmarks
if (args.Contains("--compare"))
{
    return await ComparisonHarness.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ProtocolBenchmarks).Assembly).Run(args);
return 0;
