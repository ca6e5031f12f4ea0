using System.Runtime;
using System.Runtime.InteropServices;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Storage;

/// <summary>
/// The writer connection lives as long as the agent: a command used on it and not disposed keeps its compiled
/// statement (and its place on the connection's command list, which every disposal searches) until the GC finalizes
/// it. Counted with SQLite's own list of the statements compiled on that connection, with the GC held off
/// so that a collection cannot hide a leak (alone: holding off the GC is process-wide).
/// </summary>
[Collection(nameof(StatementLifetimeTests))]
public sealed class StatementLifetimeTests
{
    [Fact]
    public async Task Indexing_spooled_instances_and_purging_history_leave_no_compiled_statement_behind()
    {
        await using var temp = new TempDatabase();
        var purge = new HistoryPurge(temp.Database);
        await WorkAsync(temp, purge, from: 0, count: 10);
        var before = await StatementsAsync(temp.Database);

        Assert.True(GC.TryStartNoGCRegion(64L << 20), "The GC could not be held off for the measurement.");
        try
        {
            await WorkAsync(temp, purge, from: 10, count: 300);
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }

        var after = await StatementsAsync(temp.Database);
        Assert.True(after - before < 10, $"the writer connection held {before} compiled statements, then {after} after 300 instances");
    }

    private static async Task WorkAsync(TempDatabase temp, HistoryPurge purge, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            temp.Spool.Add(new SpoolEntry($"{i}.dcm", $"1.2.3.{i}", "1.2.840.10008.5.1.4.1.1.4", "1.2.3", "1.2.3.1", "1.2.840.10008.1.2.1",
                "PAT1", 524_288, "MODALITY", "EDGE", $"c{i}", DateTimeOffset.UtcNow));
            await purge.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-30));
        }
    }

    // SQLite's own list of the statements compiled on the connection and not yet finalized, walked natively: the
    // managed wrapper only lists statements when asked to track them from the connection's opening.
    private static Task<int> StatementsAsync(EdgeDatabase database) =>
        database.WriteAsync(tx =>
        {
            var connection = tx.Connection!.Handle!.DangerousGetHandle();
            var count = 0;
            for (var statement = NextStatement(connection, IntPtr.Zero); statement != IntPtr.Zero; statement = NextStatement(connection, statement))
            {
                count++;
            }

            return count;
        });

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_next_stmt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory)]
    private static extern IntPtr NextStatement(IntPtr connection, IntPtr statement);
}

[CollectionDefinition(nameof(StatementLifetimeTests), DisableParallelization = true)]
public sealed class RunsAlone;
