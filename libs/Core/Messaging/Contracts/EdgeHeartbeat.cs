namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.EdgeHeartbeat"/>: the edge agent is alive. The cloud's watchdog raises an
/// exception when a tenant's heartbeats stop, or when a backlog grows old.
/// </summary>
public sealed record EdgeHeartbeat
{
    public required string SiteId { get; init; }

    public required string AgentVersion { get; init; }

    public DateTimeOffset At { get; init; }

    public IReadOnlyDictionary<string, EdgeBacklog> Backlogs { get; init; } = new Dictionary<string, EdgeBacklog>();
}

/// <summary>A local queue's size and the age of its oldest entry.</summary>
public sealed record EdgeBacklog(long Count, double OldestAgeSeconds);
