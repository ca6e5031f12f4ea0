using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.EdgeAgent.Tests.Storage;

public sealed class DurableStoreTests
{
    [Fact]
    public async Task The_database_is_in_wal_mode_with_full_synchronous_commits()
    {
        await using var temp = new TempDatabase();
        await using var connection = new SqliteConnection($"Data Source={temp.Database.Path}");
        await connection.OpenAsync();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
        Assert.True(File.Exists(temp.Database.Path + "-wal") || File.Exists(temp.Database.Path));
    }

    [Fact]
    public async Task Concurrent_writers_share_commits_and_every_write_is_durable()
    {
        await using var temp = new TempDatabase();
        var writes = Enumerable.Range(0, 400).Select(i => temp.Outbox.EnqueueAsync(Message($"m{i}"))).ToList();
        await Task.WhenAll(writes);

        Assert.Equal(400 + 0, (await temp.Outbox.CountAsync()).Pending);
        // 400 concurrent writes needed far fewer commits (fsyncs) than writes: that is the group commit.
        Assert.True(temp.Database.Commits < temp.Database.Writes / 4,
            $"{temp.Database.Commits} commits for {temp.Database.Writes} writes");

        await temp.ReopenAsync();
        Assert.Equal(400L, (await temp.Outbox.CountAsync()).Pending);
    }

    [Fact]
    public async Task A_rebuildable_write_commits_without_fsync_and_the_next_durable_write_is_synchronous_full_again()
    {
        await using var temp = new TempDatabase();
        static long Synchronous(SqliteTransaction tx)
        {
            using var command = tx.Command("PRAGMA synchronous;");
            return command.Scalar();
        }

        long during = -1;

        await temp.Database.WriteRebuildableAsync(tx => during = Synchronous(tx));
        var after = await temp.Database.WriteAsync(Synchronous);

        Assert.Equal(1L, during);  // NORMAL: the WAL is written, not fsync'd
        Assert.Equal(2L, after);   // FULL
    }

    [Fact]
    public async Task A_failing_write_is_rolled_back_alone_and_its_neighbours_in_the_group_commit()
    {
        await using var temp = new TempDatabase();
        var good1 = temp.Outbox.EnqueueAsync(Message("a"));
        var duplicate = temp.Outbox.EnqueueAsync(Message("a")); // violates the unique message id
        var good2 = temp.Outbox.EnqueueAsync(Message("b"));
        await good1;
        await good2;
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Equal(2L, (await temp.Outbox.CountAsync()).Pending);
    }

    [Fact]
    public async Task Pending_entries_keep_their_order_and_a_refused_one_is_parked_after_its_attempts()
    {
        await using var temp = new TempDatabase();
        foreach (var id in new[] { "1", "2", "3" })
        {
            await temp.Outbox.EnqueueAsync(Message(id));
        }

        Assert.Equal(["1", "2", "3"], (await temp.Outbox.ReadPendingAsync(10)).Select(e => e.Message.MessageId));
        await temp.Outbox.RecordFailureAsync("2", "too large", DateTimeOffset.UtcNow, park: true);
        await temp.Outbox.MarkSentAsync(["1"]);
        Assert.Equal(["3"], (await temp.Outbox.ReadPendingAsync(10)).Select(e => e.Message.MessageId));
        var parked = Assert.Single(await temp.Outbox.ListParkedAsync(10));
        Assert.Equal(("2", "too large", 1), (parked.Id, parked.Reason, parked.Attempts));
        var backlog = await temp.Outbox.GetBacklogAsync();
        Assert.Equal((1L, 1L), (backlog.Pending, backlog.Parked));
        Assert.Equal(1, await new ParkedQueues(temp.Database).RequeueAsync("outbox", "2"));
        Assert.Equal(["2", "3"], (await temp.Outbox.ReadPendingAsync(10)).Select(e => e.Message.MessageId));
    }

    [Fact]
    public async Task A_parked_spool_entry_is_requeued_by_the_SOP_instance_uid_status_lists_it_under()
    {
        await using var temp = new TempDatabase();
        foreach (var sop in new[] { "1.2.3.1", "1.2.3.2" })
        {
            await temp.Spool.AddAsync(new SpoolEntry($"{sop}-file.dcm", sop, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", "1.2.3.0", "1.2.840.10008.1.2.1", "P1", 100,
                "CT", "EDGE", sop, DateTimeOffset.UtcNow));
        }

        foreach (var entry in await temp.Spool.ReadPendingAsync(10))
        {
            await temp.Spool.RecordFailureAsync(entry.Sequence, "container missing", DateTimeOffset.UtcNow, park: true);
        }

        var listed = (await temp.Spool.ListParkedAsync(10)).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["1.2.3.1", "1.2.3.2"], listed);
        Assert.Equal(1, await new ParkedQueues(temp.Database).RequeueAsync("spool", listed[0]));
        Assert.Equal(1, await new ParkedQueues(temp.Database).RequeueAsync("spool", "1.2.3.2-file.dcm"));
        Assert.Equal(["1.2.3.1", "1.2.3.2"], (await temp.Spool.ReadPendingAsync(10)).Select(e => e.SopInstanceUid).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task History_purge_removes_only_finished_records_older_than_the_retention()
    {
        await using var temp = new TempDatabase();
        await temp.Outbox.EnqueueAsync(Message("old-sent") with { CreatedAt = DateTimeOffset.UtcNow.AddDays(-10) });
        await temp.Outbox.EnqueueAsync(Message("old-pending") with { CreatedAt = DateTimeOffset.UtcNow.AddDays(-10) });
        await temp.Outbox.EnqueueAsync(Message("new-sent"));
        await temp.Outbox.MarkSentAsync(["old-sent", "new-sent"]);

        var removed = await new HistoryPurge(temp.Database).PurgeAsync(DateTimeOffset.UtcNow.AddDays(-7));

        Assert.Equal(1, removed);
        Assert.Equal((1L, 1L, 0L), await temp.Outbox.CountAsync());
    }

    internal static BusMessage Message(string id) => new()
    {
        MessageId = id,
        Kind = BusMessageKinds.Hl7Received,
        SessionKey = "t/p",
        Body = new byte[] { 1, 2, 3 },
    };
}
