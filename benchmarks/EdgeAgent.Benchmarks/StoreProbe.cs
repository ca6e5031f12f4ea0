using System.Diagnostics;
using System.Globalization;
using System.Net;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.EdgeAgent.Benchmarks;

/// <summary>Where the time of one durable ACK goes: the handler alone (no network), sequential and 8 at a time.</summary>
public static class StoreProbe
{
    public static async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("edge-probe-");
        try
        {
            await using var database = EdgeDatabase.Open(Path.Combine(folder.FullName, "edge.db"));
            using var counters = new EdgeCounters();
            var handler = BenchmarkHandler.Create(database, counters);
            var connection = new MllpConnectionInfo("probe", new IPEndPoint(IPAddress.Loopback, 1), new IPEndPoint(IPAddress.Loopback, 2), DateTimeOffset.UtcNow);
            foreach (var parallel in new[] { 1, 8 })
            {
                var clock = Stopwatch.StartNew();
                var count = 0L;
                var commits = database.Commits;
                await Task.WhenAll(Enumerable.Range(0, parallel).Select(async p =>
                {
                    for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(3); n++)
                    {
                        await handler.HandleAsync(new MllpMessageContext(DurableAckHarness.Message(p + (parallel * 10), n), connection, n), CancellationToken.None);
                        Interlocked.Increment(ref count);
                    }
                }));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"handler only, {parallel} at a time: {count / clock.Elapsed.TotalSeconds:0} msg/s, {(database.Commits - commits) / clock.Elapsed.TotalSeconds:0} commits/s"));
            }

            var parse = Stopwatch.StartNew();
            var parsed = 0;
            while (parse.Elapsed < TimeSpan.FromSeconds(1))
            {
                var message = Hl7.Er7.Hl7Message.Parse(DurableAckHarness.Message(0, parsed));
                _ = Hl7.Validation.Hl7Validator.Validate(message);
                _ = new Hl7.Ack.AckBuilder().Acknowledge(message, Hl7.Ack.Hl7AckOutcome.Accepted).ToBytes();
                parsed++;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse + validate + ACK only: {parsed / parse.Elapsed.TotalSeconds:0} msg/s"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
