namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.WorklistChanged"/>. An incremental change upserts and removes items; a snapshot
/// (<see cref="IsSnapshot"/>) is the tenant's complete worklist, possibly split into parts, and replaces the edge cache
/// once every part of <see cref="SnapshotId"/> arrived.
/// </summary>
public sealed record WorklistChange
{
    /// <summary>
    /// A snapshot's <see cref="SnapshotId"/> is the id of the <see cref="BusMessageKinds.WorklistSnapshotRequested"/>
    /// message it answers followed by this, so the edge can tell when it asked.
    /// </summary>
    public const string SnapshotIdSuffix = "-snapshot";

    public IReadOnlyList<WorklistItem> Upserts { get; init; } = [];

    public IReadOnlyList<WorklistRemoval> Removals { get; init; } = [];

    public bool IsSnapshot { get; init; }

    public string? SnapshotId { get; init; }

    /// <summary>This part's number, 1 to <see cref="SnapshotPartCount"/> (the cloud numbers them from 1).</summary>
    public int SnapshotPart { get; init; }

    public int SnapshotPartCount { get; init; }
}

/// <summary>An item leaves the worklist (cancelled, discontinued, completed or merged away), at a version.</summary>
public sealed record WorklistRemoval(string ItemKey, long Version, string Reason);
