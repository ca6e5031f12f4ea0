namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// How often and how late a failing message is delivered again. The delay grows exponentially with "equal jitter":
/// delivery n waits between half and all of <c>BaseDelay · 2^(n-1)</c>, then at most <see cref="MaxDelay"/>, so retries
/// of many messages spread out while the delay never shrinks from one delivery to the next.
/// </summary>
public sealed class BusRetryPolicy
{
    /// <summary>After this many deliveries without completion the message is dead-lettered (parked). At least 1.</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>The delay scale of the first retry.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>No retry waits longer than this.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The delay before the delivery that follows delivery number <paramref name="deliveryCount"/>.</summary>
    public TimeSpan DelayAfter(int deliveryCount) => DelayAfter(deliveryCount, Random.Shared.NextDouble());

    /// <summary>As <see cref="DelayAfter(int)"/> with a given jitter sample in [0, 1].</summary>
    public TimeSpan DelayAfter(int deliveryCount, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(deliveryCount, 1);
        jitter = Math.Clamp(jitter, 0, 1);
        var exponent = Math.Min(deliveryCount - 1, 40);
        var step = BaseDelay.TotalMilliseconds * Math.Pow(2, exponent);

        // Capping after the jitter keeps the sequence non-decreasing: delivery n+1's band starts where n's ends.
        return TimeSpan.FromMilliseconds(Math.Min((step / 2) + (step / 2 * jitter), MaxDelay.TotalMilliseconds));
    }

    /// <summary>Problems with the settings, in plain words; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxDeliveryCount < 1)
        {
            problems.Add($"Retry:MaxDeliveryCount must be at least 1 (it is {MaxDeliveryCount}).");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            problems.Add($"Retry:BaseDelay ({BaseDelay}) must be non-negative and not above Retry:MaxDelay ({MaxDelay}).");
        }

        return problems;
    }
}
