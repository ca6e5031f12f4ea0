namespace CloudRisPacs.Core.Messaging;

/// <summary>What a handler decided about a message.</summary>
public sealed record BusHandlingResult
{
    private BusHandlingResult(BusOutcome outcome, string? reason, string? description, TimeSpan? retryAfter)
    {
        Outcome = outcome;
        Reason = reason;
        Description = description;
        RetryAfter = retryAfter;
    }

    /// <summary>The message is fully handled; the transport deletes it.</summary>
    public static BusHandlingResult Complete { get; } = new(BusOutcome.Complete, null, null, null);

    public BusOutcome Outcome { get; }

    /// <summary>A short machine-readable reason (for example <c>patient-locked</c>), for retries and dead letters.</summary>
    public string? Reason { get; }

    /// <summary>Human-readable detail for operators.</summary>
    public string? Description { get; }

    /// <summary>The handler's own retry delay; null leaves it to the retry policy's backoff.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>A transient problem: deliver the message again later.</summary>
    public static BusHandlingResult RetryLater(string reason, string? description = null, TimeSpan? after = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (after < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(after), after, "A retry delay cannot be negative.");
        }

        return new(BusOutcome.Retry, reason, description, after);
    }

    /// <summary>The message can never succeed: park it with the reason, visibly, never drop it.</summary>
    public static BusHandlingResult DeadLetter(string reason, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(BusOutcome.DeadLetter, reason, description, null);
    }
}
