namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// The transport side of consuming: receives from one channel, maps each transport message to a
/// <see cref="BusMessage"/>, lets the <see cref="BusDispatcher"/> decide and executes the decision (complete, retry
/// later, park). <see cref="BusConsumerService"/> runs one pump loop per channel and restarts it when it fails.
/// </summary>
public interface IBusPump
{
    /// <summary>Consumes <paramref name="channel"/> until cancelled; throws only when the channel cannot be consumed.</summary>
    Task RunChannelAsync(BusChannel channel, BusDispatcher dispatcher, CancellationToken cancellationToken);
}
