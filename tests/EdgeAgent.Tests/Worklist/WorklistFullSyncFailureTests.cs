using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>
/// A full sync that breaks after the response headers is a failed sync like any other: logged, kept for /status, the
/// cache serving as before; never an exception out of the sync, never a wait without end.
/// </summary>
public sealed class WorklistFullSyncFailureTests
{
    [Fact]
    public async Task A_full_sync_whose_connection_resets_mid_body_is_a_failed_sync()
    {
        await using var api = FaultyWorklistApi.CutMidBody();
        AssertFailedKeepingTheCache(await PullAsync(api, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_full_sync_whose_body_stalls_fails_within_the_request_timeout()
    {
        await using var api = FaultyWorklistApi.StallMidBody();
        var pulling = PullAsync(api, TimeSpan.FromSeconds(2));
        Assert.True(await Task.WhenAny(pulling, Task.Delay(TimeSpan.FromSeconds(10))) == pulling,
            "the full sync was still waiting 10 s after a 2 s Cloud:RequestTimeout");
        var pull = await pulling;
        Assert.False(pull.Synced);
        Assert.Contains("within 00:00:02", pull.Failure?.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"items\":[null]}")]
    [InlineData("{\"items\":null}")]
    [InlineData("{}")]
    public async Task A_full_sync_answering_no_items_or_null_items_is_an_invalid_response(string body)
    {
        await using var api = FaultyWorklistApi.AnswerUntilClose(body);
        AssertFailedKeepingTheCache(await PullAsync(api, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_full_sync_without_content_length_is_bounded_by_the_size_limit()
    {
        await using var api = FaultyWorklistApi.AnswerUntilClose("{\"items\":[]" + new string(' ', 4096) + "}");
        AssertFailedKeepingTheCache(await PullAsync(api, TimeSpan.FromSeconds(30), new WorklistSyncOptions { MaxFullSyncBytes = 1024 }));
    }

    [Fact]
    public async Task A_worklist_pull_cut_mid_body_leaves_the_agent_running()
    {
        await using var api = FaultyWorklistApi.CutMidBody();
        var settings = new AgentSettings().Set("Cloud:ApiBaseUri", api.BaseUri).Set("Cloud:ApiKey", "k");
        await using var agent = await InProcessAgent.StartAsync(settings);
        var lifetime = agent.Get<IHostApplicationLifetime>();

        await Eventually.HoldsAsync(() => agent.Logs.Contains("Worklist full sync from") || lifetime.ApplicationStopping.IsCancellationRequested,
            "the pull failed", 30, agent.Logs.Dump);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the agent stopped (modalities and RIS cut off):\n" + agent.Logs.Dump());
    }

    private static void AssertFailedKeepingTheCache((bool Synced, (DateTimeOffset At, string Reason)? Failure, string[] Served) pull)
    {
        Assert.False(pull.Synced);
        Assert.NotNull(pull.Failure);
        Assert.Equal(["cached"], pull.Served);
    }

    /// <summary>One full sync from <paramref name="api"/> into a cache holding the item "cached"; what it served after.</summary>
    private static async Task<(bool Synced, (DateTimeOffset At, string Reason)? Failure, string[] Served)> PullAsync(
        FaultyWorklistApi api, TimeSpan requestTimeout, WorklistSyncOptions? options = null)
    {
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync([WorklistCacheTests.Item("cached", 1, "CT")], []);
        var sync = WorklistSyncServices.Create(temp, api.BaseUri, requestTimeout, options);
        var synced = await sync.SyncOnceAsync(CancellationToken.None);
        var served = (await temp.Worklist.QueryAsync(new WorklistCandidateFilter())).Select(i => i.ItemKey).ToArray();
        return (synced, sync.LastFailure, served);
    }
}
