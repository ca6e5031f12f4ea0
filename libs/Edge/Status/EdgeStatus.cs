using CloudRisPacs.Edge.Storage;

namespace CloudRisPacs.Edge.Status;

/// <summary>What the status endpoint reports: overall health with its reasons, queues, cloud contact, counters.</summary>
public sealed record EdgeStatus
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";

    public required string Health { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    public required string Tenant { get; init; }

    public required string Site { get; init; }

    public required string Version { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset Now { get; init; }

    public IReadOnlyDictionary<string, string> Endpoints { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset? LastCloudContact { get; init; }

    public string? CloudProblem { get; init; }

    /// <summary>Per cloud service (bus, Blob Storage, API): last success, and since when and why it fails.</summary>
    public IReadOnlyDictionary<string, CloudServiceStatus> Cloud { get; init; } = new Dictionary<string, CloudServiceStatus>();

    public IReadOnlyDictionary<string, QueueStatus> Queues { get; init; } = new Dictionary<string, QueueStatus>();

    public WorklistStatus? Worklist { get; init; }

    public DicomServiceStatus? Dicom { get; init; }

    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<ParkedEntry> Parked { get; init; } = [];

    public long DatabaseCommits { get; init; }

    public long DatabaseWrites { get; init; }
}

/// <summary>One cloud service: the last success, and while it fails, since when (the first failure after that success) and why.</summary>
public sealed record CloudServiceStatus(DateTimeOffset? LastSuccess, DateTimeOffset? FailingSince, string? Problem);

/// <summary>One local queue: pending entries, the age of the oldest one, parked entries.</summary>
public sealed record QueueStatus(long Pending, double? OldestPendingAgeSeconds, long Parked);

/// <summary>The worklist cache: live items and the last successful full sync.</summary>
public sealed record WorklistStatus(long Items, DateTimeOffset? LastFullSync);

/// <summary>
/// The DICOM service: open associations, storage commitments waiting for the cloud, the spool's upload backlog
/// (pending instances and the oldest one's age) and what was stored, uploaded and refused since start.
/// </summary>
public sealed record DicomServiceStatus(
    int ActiveAssociations,
    int PendingCommitments,
    long SpoolPending,
    double? SpoolOldestPendingAgeSeconds,
    long SpoolParked,
    long Stored,
    long StoreFailures,
    long Uploaded,
    long MppsReceived,
    long WorklistQueries);
