namespace CloudRisPacs.Edge.Background;

/// <summary>
/// Exponential backoff with equal jitter: attempt n waits between half and all of <c>base × 2^(n-1)</c>, capped at
/// <c>max</c>. The jitter keeps many agents (or many parked senders) from retrying in lockstep after an outage.
/// </summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
    {
        if (attempt < 1 || baseDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(attempt - 1, 30);
        var full = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var half = full / 2;
        var jitter = (random ?? Random.Shared).NextDouble() * half;
        return TimeSpan.FromMilliseconds(half + jitter);
    }

    /// <summary>
    /// Whether a retry scheduled on the wall clock for <paramref name="nextAttemptAt"/> is due. One further out than
    /// <paramref name="maxDelay"/> was never scheduled so: the clock stepped back since (NTP correcting a clock that ran
    /// ahead), and waiting for it to catch up would hold the entry, and everything queued behind it, as long as the step.
    /// </summary>
    public static bool IsDue(DateTimeOffset nextAttemptAt, DateTimeOffset now, TimeSpan maxDelay) =>
        nextAttemptAt <= now || nextAttemptAt - now > maxDelay;
}
