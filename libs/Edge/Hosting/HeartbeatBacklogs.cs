using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// The backlogs a heartbeat carries: each queue's pending entries under its own name, and its parked entries under
/// <c>{queue}.parked</c> (<see cref="EdgeHeartbeat.ParkedSuffix"/>; count, age of the oldest). A parked HL7 message was
/// already acknowledged to the RIS and a parked instance already given C-STORE success, so only the cloud can still make
/// them visible to staff. The shared <see cref="EdgeBacklog"/> has no parked fields; an extra key reaches the cloud's
/// heartbeat record as it is. Parked keys are sent at zero too, so the cloud can close what it raised once an operator
/// requeues.
/// </summary>
public static class HeartbeatBacklogs
{
    public static Dictionary<string, EdgeBacklog> From(IReadOnlyDictionary<string, QueueBacklog> backlogs)
    {
        ArgumentNullException.ThrowIfNull(backlogs);
        var result = new Dictionary<string, EdgeBacklog>(StringComparer.Ordinal);
        foreach (var (queue, backlog) in backlogs)
        {
            result[queue] = new EdgeBacklog(backlog.Pending, backlog.OldestPendingAge?.TotalSeconds ?? 0);
            result[queue + EdgeHeartbeat.ParkedSuffix] = new EdgeBacklog(backlog.Parked, backlog.OldestParkedAge?.TotalSeconds ?? 0);
        }

        return result;
    }
}
