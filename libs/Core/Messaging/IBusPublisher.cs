namespace CloudRisPacs.Core.Messaging;

/// <summary>Sends messages to a channel of the bus. Messages are validated before anything is sent.</summary>
public interface IBusPublisher
{
    /// <summary>Sends one message. It is durably accepted by the transport when the task completes.</summary>
    Task PublishAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends several messages, in order, in as few transport calls as the transport allows. Not atomic: when it fails,
    /// a prefix may have been sent; resending the whole list is safe because receivers dedupe by MessageId.
    /// </summary>
    Task PublishBatchAsync(BusChannel channel, IReadOnlyList<BusMessage> messages, CancellationToken cancellationToken = default);
}
