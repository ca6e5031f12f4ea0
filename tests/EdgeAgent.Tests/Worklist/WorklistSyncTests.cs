using System.Net;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Edge.Worklist;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>The worklist cache fed by the cloud: a full HTTP sync (a local stand-in for the cloud API) and pushed changes.</summary>
public sealed class WorklistSyncTests
{
    [Fact]
    public async Task The_cache_is_filled_by_the_full_sync_asks_for_a_snapshot_and_follows_pushed_changes()
    {
        await using var api = await WorklistApi.StartAsync("tenant-key", [WorklistCacheTests.Item("A", 1, "CT"), WorklistCacheTests.Item("B", 1, "MR")]);
        var settings = new AgentSettings().Set("Cloud:ApiBaseUri", api.BaseUri).Set("Cloud:ApiKey", "tenant-key");
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var cache = agent.Get<WorklistCacheStore>();

        await Eventually.HoldsAsync(async () => (await cache.GetSummaryAsync()).Items == 2, "the full sync filled the cache", 30, agent.Logs.Dump);
        Assert.Equal("Bearer tenant-key", api.LastAuthorization);
        Assert.NotNull((await cache.GetSummaryAsync()).LastFullSync);
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.WorklistSnapshotRequested).Count == 1, "the agent asked for a snapshot", 30);

        await new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishJsonAsync(BusMessageKinds.WorklistChanged, new WorklistChange
        {
            Upserts = [WorklistCacheTests.Item("C", 1, "US"), WorklistCacheTests.Item("A", 2, "CR")],
            Removals = [new WorklistRemoval("B", 2, "cancelled")],
        });
        await Eventually.HoldsAsync(async () => (await cache.QueryAsync(new WorklistCandidateFilter())).Select(i => $"{i.ItemKey}:{i.Modality}").Order()
            .SequenceEqual(["A:CR", "C:US"]), "the pushed change was applied", 30, agent.Logs.Dump);
    }

    [Fact]
    public async Task A_refused_full_sync_is_logged_and_the_cache_keeps_serving()
    {
        await using var api = await WorklistApi.StartAsync("right-key", [WorklistCacheTests.Item("A", 1, "CT")]);
        var settings = new AgentSettings().Set("Cloud:ApiBaseUri", api.BaseUri).Set("Cloud:ApiKey", "wrong-key");
        await using var agent = await InProcessAgent.StartAsync(settings);
        var cache = agent.Get<WorklistCacheStore>();
        await cache.ApplyAsync([WorklistCacheTests.Item("cached", 1, "CT")], []);

        Assert.False(await agent.Get<WorklistSyncService>().SyncOnceAsync(CancellationToken.None));
        Assert.True(agent.Logs.Contains("answered 401"), agent.Logs.Dump());
        Assert.Equal("cached", Assert.Single(await cache.QueryAsync(new WorklistCandidateFilter())).ItemKey);
    }

    /// <summary>A stand-in for the cloud's <c>GET /api/edge/worklist</c> that checks the bearer key.</summary>
    private sealed class WorklistApi : IAsyncDisposable
    {
        private readonly WebApplication app;

        private WorklistApi(WebApplication app, Uri baseUri)
        {
            this.app = app;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public string? LastAuthorization { get; private set; }

        public static async Task<WorklistApi> StartAsync(string key, IReadOnlyList<WorklistItem> items)
        {
            var port = FreeTcpPort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            WorklistApi? api = null;
            app.MapGet("/api/edge/worklist", async (HttpContext context) =>
            {
                api!.LastAuthorization = context.Request.Headers.Authorization.ToString();
                if (api.LastAuthorization != $"Bearer {key}")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(BusContractJson.Serialize(new { items }));
            });
            api = new WorklistApi(app, new Uri($"http://127.0.0.1:{port}"));
            await app.StartAsync();
            return api;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
