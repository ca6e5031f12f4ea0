using System.Threading.Channels;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>A request this side sent, waiting for its responses (several pending ones for C-FIND, then a final one).</summary>
internal sealed class DimseOutgoingRequest(ushort messageId, byte contextId)
{
    private readonly Channel<DimseMessage> responses = Channel.CreateBounded<DimseMessage>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });

    public ushort MessageId { get; } = messageId;

    public byte PresentationContextId { get; } = contextId;

    private int holdsSlot;

    public ChannelReader<DimseMessage> Responses => responses.Reader;

    /// <summary>Whether it still takes a place in this side's asynchronous operations window.</summary>
    public bool HoldsSlot => Volatile.Read(ref holdsSlot) == 1;

    public void TakeSlot() => Volatile.Write(ref holdsSlot, 1);

    /// <summary>True once, for the caller that is to give the place back.</summary>
    public bool GiveSlotBack() => Interlocked.Exchange(ref holdsSlot, 0) == 1;

    /// <summary>Queues a response; waits (slowing the network reader) while the caller has not taken the earlier ones.</summary>
    public async ValueTask DeliverAsync(DimseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await responses.Writer.WriteAsync(response, cancellationToken).ConfigureAwait(false);
            if (!response.Status.IsPending)
            {
                responses.Writer.TryComplete();
            }
        }
        catch (ChannelClosedException)
        {
            // The caller gave up on this request (it was cancelled); late responses are dropped.
        }
    }

    public void Fail(Exception reason) => responses.Writer.TryComplete(reason);

    public void Abandon() => responses.Writer.TryComplete();
}
