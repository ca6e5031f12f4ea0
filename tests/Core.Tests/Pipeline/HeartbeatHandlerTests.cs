using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>The heartbeat's <c>{queue}.parked</c> backlogs become one parked-messages exception per site and queue.</summary>
public sealed class HeartbeatHandlerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string SpoolAtSite1 = ExceptionStore.IdFor(ExceptionKinds.ParkedMessages, "site-1|spool");

    [Fact]
    public async Task Parked_entries_open_one_exception_naming_the_queue_and_count()
    {
        var h = await PipelineHarness.CreateAsync(azurite);

        await h.CompleteAsync(Heartbeat(h, ("spool", 7, 30), ("spool.parked", 2, 600), ("outbox", 3, 10), ("outbox.parked", 0, 0)));

        var exception = Assert.Single(await ParkedAsync(h, "all"));
        Assert.Equal((SpoolAtSite1, ExceptionStatus.Open), (exception.Id, exception.Status));
        Assert.Contains("site 'site-1' holds 2 parked entries in queue 'spool', the oldest received 00:10:00 ago", exception.Reason, StringComparison.Ordinal);
        Assert.Contains("cloudrispacs-edge requeue spool", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_heartbeat_updates_the_exception_instead_of_adding_one()
    {
        var h = await PipelineHarness.CreateAsync(azurite);

        await h.CompleteAsync(Heartbeat(h, ("spool.parked", 2, 600)));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.CompleteAsync(Heartbeat(h, ("spool.parked", 3, 660)));

        var exception = Assert.Single(await ParkedAsync(h, "all"));
        Assert.Equal((SpoolAtSite1, ExceptionStatus.Open, 2), (exception.Id, exception.Status, exception.Occurrences));
        Assert.Contains("holds 3 parked entries in queue 'spool', the oldest received 00:11:00 ago", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heartbeat_reporting_none_parked_resolves_the_exception()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(Heartbeat(h, ("spool.parked", 1, 600)));

        await h.CompleteAsync(Heartbeat(h, ("spool.parked", 0, 0)));

        Assert.Empty(await ParkedAsync(h, "open"));
        var resolved = Assert.Single(await ParkedAsync(h, "all"));
        Assert.Equal((SpoolAtSite1, ExceptionStatus.Resolved, "system"), (resolved.Id, resolved.Status, resolved.ResolvedBy));
    }

    [Fact]
    public async Task An_older_edge_that_sends_no_parked_keys_changes_nothing()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(Heartbeat(h, ("spool", 4, 30)));
        Assert.Empty(await ParkedAsync(h, "all"));

        await h.CompleteAsync(Heartbeat(h, ("spool.parked", 1, 600)));
        var before = Assert.Single(await ParkedAsync(h, "all"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.CompleteAsync(Heartbeat(h, ("spool", 4, 30)));

        Assert.Equal(before, Assert.Single(await ParkedAsync(h, "open")));
    }

    private static BusMessage Heartbeat(PipelineHarness h, params (string Key, long Count, double OldestAgeSeconds)[] backlogs) =>
        h.Json(BusMessageKinds.EdgeHeartbeat, new EdgeHeartbeat
        {
            SiteId = "site-1",
            AgentVersion = "1.0",
            At = h.Time.GetUtcNow(),
            Backlogs = backlogs.ToDictionary(b => b.Key, b => new EdgeBacklog(b.Count, b.OldestAgeSeconds), StringComparer.Ordinal),
        });

    private static async Task<IReadOnlyList<ExceptionRecord>> ParkedAsync(PipelineHarness h, string status) =>
        (await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), status, ExceptionKinds.ParkedMessages, null, default)).Exceptions;
}
