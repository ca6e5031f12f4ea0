using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// The pipeline's publisher in tests: passes every message on to the real one, except that the next
/// <see cref="FailuresLeft"/> sends throw as a transport outage would (after the handler's own writes are stored).
/// </summary>
public sealed class FlakyPublisher(IBusPublisher inner) : IBusPublisher
{
    public int FailuresLeft { get; set; }

    public Task PublishAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken = default)
    {
        FailIfDue();
        return inner.PublishAsync(channel, message, cancellationToken);
    }

    public Task PublishBatchAsync(BusChannel channel, IReadOnlyList<BusMessage> messages, CancellationToken cancellationToken = default)
    {
        FailIfDue();
        return inner.PublishBatchAsync(channel, messages, cancellationToken);
    }

    private void FailIfDue()
    {
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new InvalidOperationException("Simulated transport failure while publishing.");
        }
    }
}
