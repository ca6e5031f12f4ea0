namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>A clock the test moves by hand (watchdog thresholds, commitment timeouts, quiet periods).</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
