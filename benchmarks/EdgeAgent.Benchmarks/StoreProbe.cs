using System.Diagnostics;
using System.Globalization;
using System.Net;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.EdgeAgent.Benchmarks;

/// <summary>
/// Where the time of one durable ACK goes: the handler alone (no network), sequential and 8 at a time; and what the
/// spool's index row costs a stored instance (<see cref="SpoolStore.Add"/> on a thread of its own, as an association's
/// transport thread calls it).
/// </summary>
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
            SpoolRows(new SpoolStore(database, new OutboxStore(database, TimeProvider.System), TimeProvider.System));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void SpoolRows(SpoolStore store)
    {
        for (var round = 0; round < 3; round++)
        {
            var elapsed = TimeSpan.Zero;
            var thread = new Thread(() =>
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < 2000; i++)
                {
                    store.Add(new SpoolEntry($"{Guid.NewGuid():N}.dcm", $"1.2.3.{round}.{i}", "1.2.840.10008.5.1.4.1.1.4", "1.2.3.9", "1.2.3.9.1",
                        "1.2.840.10008.1.2.1", "PAT1", 524_288, "MODALITY", "EDGE", Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow));
                }

                elapsed = clock.Elapsed;
            });
            thread.Start();
            thread.Join();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spool index row, one at a time: {elapsed.TotalMilliseconds * 1000 / 2000:F0} us each"));
        }
    }
}
