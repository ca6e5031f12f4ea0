using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>The snapshot request each start queues: one answers them all, so only the latest waits for the cloud.</summary>
public sealed class WorklistSnapshotRequestTests
{
    [Fact]
    public async Task Restarts_while_offline_leave_one_snapshot_request_pending()
    {
        await using var temp = new TempDatabase();
        var sent = await WorklistSyncServices.RequestSnapshotAsync(temp);
        await temp.Outbox.MarkSentAsync([sent[..^WorklistChange.SnapshotIdSuffix.Length]]);

        var latest = string.Empty;
        for (var start = 0; start < 5; start++)
        {
            latest = await WorklistSyncServices.RequestSnapshotAsync(temp);
        }

        var pending = (await temp.Outbox.ReadPendingAsync(100)).Where(e => e.Message.Kind == BusMessageKinds.WorklistSnapshotRequested).ToArray();
        Assert.Equal(latest, Assert.Single(pending).Message.MessageId + WorklistChange.SnapshotIdSuffix);
        // The one already sent stays: its snapshot, still on the way, is dated by it.
        Assert.Equal(1, (await temp.Outbox.CountAsync()).Sent);
    }
}
