namespace CloudRisPacs.Core.Messaging;

/// <summary>Settings of <see cref="BusConsumerService"/> (configuration section <c>CloudRisPacs:Bus</c>).</summary>
public sealed class BusConsumerOptions
{
    /// <summary>Backoff and delivery limit for failing messages.</summary>
    public BusRetryPolicy Retry { get; set; } = new();

    /// <summary>How often the channel list is read again from <see cref="IBusChannelSource"/>.</summary>
    public TimeSpan ChannelRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a channel whose pump failed waits before it is started again (plus up to half again at random).</summary>
    public TimeSpan ChannelRestartDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Problems with the settings, in plain words; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(Retry?.Validate() ?? ["Retry is required."]);
        if (ChannelRefreshInterval <= TimeSpan.Zero)
        {
            problems.Add("ChannelRefreshInterval must be positive.");
        }

        if (ChannelRestartDelay < TimeSpan.Zero)
        {
            problems.Add("ChannelRestartDelay must not be negative.");
        }

        return problems;
    }
}
