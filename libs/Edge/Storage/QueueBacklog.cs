namespace CloudRisPacs.Edge.Storage;

/// <summary>A local queue's pending count and the age of its oldest pending entry; its parked count and the age of its oldest parked entry.</summary>
public sealed record QueueBacklog(long Pending, TimeSpan? OldestPendingAge, long Parked, TimeSpan? OldestParkedAge)
{
    public static QueueBacklog Empty { get; } = new(0, null, 0, null);
}
