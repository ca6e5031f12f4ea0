namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// How far behind a channel's consumer is, for status endpoints and watchdogs. A null value means the transport
/// cannot tell (for example the oldest message age on Service Bus session queues).
/// </summary>
/// <param name="Channel">The channel measured.</param>
/// <param name="ApproximateCount">Messages waiting (including ones in flight or waiting for a retry).</param>
/// <param name="OldestMessageAge">Age of the oldest waiting message.</param>
/// <param name="DeadLetterCount">Messages parked in the dead-letter/poison queue.</param>
/// <param name="MeasuredAt">When the numbers were read.</param>
public sealed record BusBacklog(
    BusChannel Channel,
    long? ApproximateCount,
    TimeSpan? OldestMessageAge,
    long? DeadLetterCount,
    DateTimeOffset MeasuredAt);
