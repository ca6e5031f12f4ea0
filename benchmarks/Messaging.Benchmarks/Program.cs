using System.Globalization;
using BenchmarkDotNet.Running;
using CloudRisPacs.Messaging.Benchmarks;

// dotnet run -c Release -- queue [count]   side-by-side Storage Queue throughput on the Azurite in CLOUDRISPACS_TEST_STORAGE
// dotnet run -c Release -- --filter '*'    BenchmarkDotNet envelope benchmarks
if (args.Length > 0 && args[0] == "queue")
{
    var connectionString = Environment.GetEnvironmentVariable("CLOUDRISPACS_TEST_STORAGE")
        ?? throw new InvalidOperationException("Set CLOUDRISPACS_TEST_STORAGE to an Azurite connection string.");
    var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
    await QueueBusThroughput.RunAsync(connectionString, count);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EnvelopeBenchmarks).Assembly).Run(args);
