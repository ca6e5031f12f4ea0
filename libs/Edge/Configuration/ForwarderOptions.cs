namespace CloudRisPacs.Edge.Configuration;

/// <summary>The outbox forwarder (section <c>EdgeAgent:Forwarder</c>).</summary>
public sealed class ForwarderOptions
{
    /// <summary>Outbox entries read per pass.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Sessions (patients) published at the same time.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>First wait after the cloud failed; doubles with jitter up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An entry the cloud refuses this many times (not an outage: the message itself fails) is parked.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How often an idle forwarder looks for work it was not told about.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
