using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Edge.Cloud;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Worklist;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>A <see cref="WorklistSyncService"/> over a temporary database, pulling from <c>api</c> (none: push only).</summary>
internal static class WorklistSyncServices
{
    public static WorklistSyncService Create(TempDatabase temp, Uri? api, TimeSpan requestTimeout, WorklistSyncOptions? options = null)
    {
        options ??= new WorklistSyncOptions();
        var tenant = TenantId.Parse("clinic-a");
        var site = new EdgeSite(tenant, "test", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), "dicom-clinic-a");
        var client = api is null ? null : new WorklistApiClient(new HttpClient { Timeout = requestTimeout }, api, new ApiKeyToken("k"), options);
        return new WorklistSyncService(temp.Worklist, temp.Outbox, new EdgeMessages(site, TimeProvider.System), site, options, client,
            new CloudContact(TimeProvider.System), new EdgeCounters(), TimeProvider.System, NullLogger<WorklistSyncService>.Instance);
    }

    /// <summary>Starts and stops a push-only agent's sync, which asks for a snapshot; the id the snapshot will carry.</summary>
    public static async Task<string> RequestSnapshotAsync(TempDatabase temp)
    {
        var sync = Create(temp, api: null, TimeSpan.FromSeconds(5));
        await sync.StartAsync(CancellationToken.None);
        await (sync.ExecuteTask ?? Task.CompletedTask);
        await sync.StopAsync(CancellationToken.None);
        var request = (await temp.Outbox.ReadPendingAsync(100)).Last(e => e.Message.Kind == BusMessageKinds.WorklistSnapshotRequested);
        return request.Message.MessageId + WorklistChange.SnapshotIdSuffix;
    }
}
