namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.EdgeHeartbeat"/>: the edge agent is alive. The cloud's watchdog raises an
/// exception when a tenant's heartbeats stop, or when a backlog grows old. <see cref="Backlogs"/> names each local queue,
/// and under <c>{queue}</c> + <see cref="ParkedSuffix"/> that queue's parked entries, which the cloud raises as exceptions.
/// </summary>
public sealed record EdgeHeartbeat
{
    /// <summary>Ends the backlog key of a queue's parked entries (<c>spool.parked</c>); an older edge sends none.</summary>
    public const string ParkedSuffix = ".parked";

    public required string SiteId { get; init; }

    public required string AgentVersion { get; init; }

    public DateTimeOffset At { get; init; }

    public IReadOnlyDictionary<string, EdgeBacklog> Backlogs { get; init; } = new Dictionary<string, EdgeBacklog>();
}

/// <summary>A local queue's size and the age of its oldest entry.</summary>
public sealed record EdgeBacklog(long Count, double OldestAgeSeconds);
