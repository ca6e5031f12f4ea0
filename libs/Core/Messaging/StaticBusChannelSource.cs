namespace CloudRisPacs.Core.Messaging;

/// <summary>A fixed list of channels.</summary>
public sealed class StaticBusChannelSource : IBusChannelSource
{
    private readonly IReadOnlyCollection<BusChannel> channels;

    public StaticBusChannelSource(IEnumerable<BusChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        this.channels = channels.Distinct().ToArray();
    }

    public Task<IReadOnlyCollection<BusChannel>> GetChannelsAsync(CancellationToken cancellationToken) => Task.FromResult(channels);
}
