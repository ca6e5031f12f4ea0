using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

public sealed class WorklistCacheTests
{
    [Fact]
    public async Task Changes_apply_by_version_so_a_late_older_change_never_undoes_a_newer_one()
    {
        await using var temp = new TempDatabase();
        var cache = temp.Worklist;
        Assert.Equal(new WorklistApplyResult(1, 0, 0), await cache.ApplyAsync([Item("A", 2, "CT")], []));
        Assert.Equal(new WorklistApplyResult(0, 0, 1), await cache.ApplyAsync([Item("A", 1, "MR")], [])); // late and older
        Assert.Equal("CT", Assert.Single(await cache.QueryAsync(new WorklistCandidateFilter())).Modality);

        Assert.Equal(new WorklistApplyResult(0, 1, 0), await cache.ApplyAsync([], [new WorklistRemoval("A", 3, "cancelled")]));
        Assert.Equal(new WorklistApplyResult(0, 0, 1), await cache.ApplyAsync([Item("A", 2, "CT")], [])); // redelivered upsert
        Assert.Empty(await cache.QueryAsync(new WorklistCandidateFilter()));
        Assert.Equal((3L, true), await cache.GetVersionAsync("A"));

        Assert.Equal(new WorklistApplyResult(1, 0, 0), await cache.ApplyAsync([Item("A", 4, "US")], [])); // rescheduled
        Assert.Equal("US", Assert.Single(await cache.QueryAsync(new WorklistCandidateFilter { Modality = "US" })).Modality);
    }

    [Fact]
    public async Task A_snapshot_in_parts_replaces_the_cache_once_complete()
    {
        await using var temp = new TempDatabase();
        var cache = temp.Worklist;
        await cache.ApplyAsync([Item("stale", 1, "CT"), Item("kept", 1, "CT")], []);
        await Task.Delay(5);
        var snapshot = await WorklistSyncServices.RequestSnapshotAsync(temp);

        Assert.Null(await cache.AddSnapshotPartAsync(Part(snapshot, 2, 2, Item("kept", 2, "MR"))));
        Assert.Single(await cache.QueryAsync(new WorklistCandidateFilter { Modality = "CT", PatientId = "P-stale" }));
        var done = await cache.AddSnapshotPartAsync(Part(snapshot, 1, 2, Item("new", 1, "CR")));

        Assert.NotNull(done);
        Assert.Equal(2, done.Value.Items);
        Assert.Equal(1, done.Value.Result.Removed);
        var live = await cache.QueryAsync(new WorklistCandidateFilter());
        Assert.Equal(["kept", "new"], live.Select(i => i.ItemKey).Order());
        Assert.Equal("MR", live.Single(i => i.ItemKey == "kept").Modality);
    }

    [Fact]
    public async Task Candidates_are_narrowed_by_exact_keys_and_the_date_range()
    {
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync(
        [
            Item("1", 1, "CT", date: "20240320", station: "CT1"), Item("2", 1, "CT", date: "20240321", station: "CT2"),
            Item("3", 1, "MR", date: "20240321", station: "MR1"),
        ], []);
        var found = await temp.Worklist.QueryAsync(new WorklistCandidateFilter { Modality = "CT", StartDateFrom = "20240321", StartDateTo = "20240321" });
        Assert.Equal("2", Assert.Single(found).ItemKey);
        Assert.Equal("3", Assert.Single(await temp.Worklist.QueryAsync(new WorklistCandidateFilter { StationAeTitle = "MR1" })).ItemKey);
        Assert.Equal("1", Assert.Single(await temp.Worklist.QueryAsync(new WorklistCandidateFilter { PatientId = "P-1" })).ItemKey);
    }

    [Fact]
    public void Any_order_of_versioned_changes_ends_in_the_state_of_the_highest_version()
    {
        var changes = Gen.Choose(1, 12).SelectMany(count =>
            Gen.Shuffle(Enumerable.Range(1, count).Select(v => (Version: (long)v, Remove: v % 3 == 0)).ToArray()));
        Prop.ForAll(changes.ToArbitrary(), order =>
        {
            using var run = new SyncRun();
            foreach (var (version, remove) in order)
            {
                if (remove)
                {
                    run.Cache.ApplyAsync([], [new WorklistRemoval("X", version, "test")]).GetAwaiter().GetResult();
                }
                else
                {
                    run.Cache.ApplyAsync([Item("X", version, $"M{version}")], []).GetAwaiter().GetResult();
                }
            }

            var last = order.MaxBy(c => c.Version);
            var state = run.Cache.GetVersionAsync("X").GetAwaiter().GetResult();
            var live = run.Cache.QueryAsync(new WorklistCandidateFilter()).GetAwaiter().GetResult();
            return state == (last.Version, last.Remove)
                && (last.Remove ? live.Count == 0 : live.Single().Modality == $"M{last.Version}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    internal static WorklistItem Item(string key, long version, string modality, string date = "20240320", string? station = null) => new()
    {
        ItemKey = key,
        Version = version,
        PatientName = "Doe^Jane",
        PatientId = $"P-{key}",
        AccessionNumber = $"ACC-{key}",
        StudyInstanceUid = $"1.2.3.{key.Length}",
        ScheduledProcedureStepId = $"SPS-{key}",
        Modality = modality,
        ScheduledStationAeTitle = station,
        ScheduledStartDate = date,
        ScheduledStartTime = "090000",
    };

    internal static WorklistChange Part(string id, int part, int count, params WorklistItem[] items) =>
        new() { IsSnapshot = true, SnapshotId = id, SnapshotPart = part, SnapshotPartCount = count, Upserts = items };

    private sealed class SyncRun : IDisposable
    {
        private readonly TempDatabase temp = new();

        public WorklistCacheStore Cache => temp.Worklist;

        public void Dispose() => temp.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
