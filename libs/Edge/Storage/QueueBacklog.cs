namespace CloudRisPacs.Edge.Storage;

/// <summary>A local queue's pending count, the age of its oldest pending entry, and its parked count.</summary>
public sealed record QueueBacklog(long Pending, TimeSpan? OldestPendingAge, long Parked)
{
    public static QueueBacklog Empty { get; } = new(0, null, 0);
}
