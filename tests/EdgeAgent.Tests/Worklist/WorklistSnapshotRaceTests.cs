using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using static CloudRisPacs.EdgeAgent.Tests.Worklist.WorklistCacheTests;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>
/// Snapshot parts travel on the tenant's session, changes on the patient's: nothing orders a snapshot after the changes
/// the cloud made while it was being listed. A snapshot must not hide an order it never saw, and an item a snapshot did
/// remove comes back with the next list that carries it.
/// </summary>
public sealed class WorklistSnapshotRaceTests
{
    [Fact]
    public async Task A_snapshot_keeps_an_order_that_arrived_after_the_agent_asked_for_it()
    {
        await using var temp = new TempDatabase();
        var cache = temp.Worklist;
        await cache.ApplyAsync([Item("old", 1, "CT"), Item("gone", 1, "CT")], []);
        await Task.Delay(5);
        var snapshot = await WorklistSyncServices.RequestSnapshotAsync(temp);
        await Task.Delay(5);
        // The new order reaches the cloud after it listed the snapshot, and the agent before the snapshot does.
        await cache.ApplyAsync([Item("NEW", 1, "CT")], []);
        await Task.Delay(5);

        await cache.AddSnapshotPartAsync(Part(snapshot, 1, 1, Item("old", 1, "CT")));

        Assert.Equal(["NEW", "old"], await LiveAsync(cache));
        Assert.Equal((1L, true), await cache.GetVersionAsync("gone"));
    }

    [Fact]
    public async Task An_order_a_snapshot_removed_comes_back_with_the_next_list_at_the_same_version()
    {
        await using var temp = new TempDatabase();
        var cache = temp.Worklist;
        await cache.ApplyAsync([Item("old", 1, "CT"), Item("NEW", 1, "CT"), Item("pushed", 1, "MR")], []);
        await Task.Delay(5);
        var snapshot = await WorklistSyncServices.RequestSnapshotAsync(temp);
        await cache.AddSnapshotPartAsync(Part(snapshot, 1, 1, Item("old", 1, "CT")));
        Assert.Equal(["old"], await LiveAsync(cache));

        await cache.ApplyFullSyncAsync([Item("old", 1, "CT"), Item("NEW", 1, "CT")], DateTimeOffset.UtcNow);
        await cache.ApplyAsync([Item("pushed", 1, "MR")], []);

        Assert.Equal(["NEW", "old", "pushed"], await LiveAsync(cache));
    }

    [Fact]
    public async Task An_order_the_cloud_removed_does_not_come_back_with_a_list_at_the_same_version()
    {
        await using var temp = new TempDatabase();
        var cache = temp.Worklist;
        await cache.ApplyAsync([Item("old", 1, "CT"), Item("cancelled", 1, "CT")], []);
        await cache.ApplyAsync([], [new WorklistRemoval("cancelled", 1, "cancelled")]);

        await cache.ApplyFullSyncAsync([Item("old", 1, "CT"), Item("cancelled", 1, "CT")], DateTimeOffset.UtcNow);

        Assert.Equal(["old"], await LiveAsync(cache));
    }

    [Fact]
    public async Task A_snapshot_the_agent_did_not_ask_for_removes_nothing()
    {
        await using var temp = new TempDatabase();
        var cache = temp.Worklist;
        await cache.ApplyAsync([Item("old", 1, "CT"), Item("NEW", 1, "CT")], []);
        await Task.Delay(5);

        await cache.AddSnapshotPartAsync(Part("s1", 1, 1, Item("old", 1, "CT")));

        Assert.Equal(["NEW", "old"], await LiveAsync(cache));
    }

    private static async Task<string[]> LiveAsync(WorklistCacheStore cache) =>
        (await cache.QueryAsync(new WorklistCandidateFilter())).Select(i => i.ItemKey).Order(StringComparer.Ordinal).ToArray();
}
