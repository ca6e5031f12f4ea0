namespace CloudRisPacs.Edge.Diagnostics;

/// <summary>
/// When the agent last reached one cloud service successfully and, while it cannot, since when: the first failure after
/// the last success, so "unreachable since" tells how long an outage has lasted rather than when it was last retried.
/// </summary>
public sealed class CloudContact(TimeProvider time)
{
    private readonly object gate = new();
    private DateTimeOffset? lastSuccess;
    private DateTimeOffset? failingSince;
    private string? lastFailureReason;

    public DateTimeOffset? LastSuccess
    {
        get
        {
            lock (gate)
            {
                return lastSuccess;
            }
        }
    }

    /// <summary>Since when the service fails (the first failure after the last success) and the latest reason; null when it works.</summary>
    public (DateTimeOffset At, string Reason)? CurrentFailure
    {
        get
        {
            lock (gate)
            {
                return failingSince is { } at ? (at, lastFailureReason ?? string.Empty) : null;
            }
        }
    }

    public void Succeeded()
    {
        lock (gate)
        {
            lastSuccess = time.GetUtcNow();
            failingSince = null;
            lastFailureReason = null;
        }
    }

    public void Failed(string reason)
    {
        lock (gate)
        {
            failingSince ??= time.GetUtcNow();
            lastFailureReason = reason;
        }
    }
}
