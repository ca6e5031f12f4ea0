namespace CloudRisPacs.Edge.Diagnostics;

/// <summary>When the agent last reached the cloud successfully, and the last failure since then.</summary>
public sealed class CloudContact(TimeProvider time)
{
    private readonly object gate = new();
    private DateTimeOffset? lastSuccess;
    private DateTimeOffset? lastFailure;
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

    /// <summary>The last failure, when it is newer than the last success.</summary>
    public (DateTimeOffset At, string Reason)? CurrentFailure
    {
        get
        {
            lock (gate)
            {
                return lastFailure is { } at && (lastSuccess is null || at > lastSuccess) ? (at, lastFailureReason ?? string.Empty) : null;
            }
        }
    }

    public void Succeeded()
    {
        lock (gate)
        {
            lastSuccess = time.GetUtcNow();
        }
    }

    public void Failed(string reason)
    {
        lock (gate)
        {
            lastFailure = time.GetUtcNow();
            lastFailureReason = reason;
        }
    }
}
