using System.Collections.Concurrent;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Hl7.Tests.Mllp;

/// <summary>A handler that records what arrived (oversize frames too) and answers with an AckBuilder ACK (or NAK for unparseable bytes).</summary>
public sealed class RecordingHandler : IMllpMessageHandler
{
    private readonly AckBuilder builder = new();

    public ConcurrentQueue<MllpMessageContext> Received { get; } = new();

    public Func<MllpMessageContext, Task>? BeforeAnswer { get; set; }

    public ConcurrentQueue<MllpOversizeFrame> Oversize { get; } = new();

    public Func<MllpOversizeFrame, Task>? OnOversize { get; set; }

    public async ValueTask OversizeAsync(MllpOversizeFrame frame, CancellationToken cancellationToken)
    {
        Oversize.Enqueue(frame);
        if (OnOversize is not null)
        {
            await OnOversize(frame);
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>> HandleAsync(MllpMessageContext context, CancellationToken cancellationToken)
    {
        Received.Enqueue(context);
        if (BeforeAnswer is not null)
        {
            await BeforeAnswer(context);
        }

        try
        {
            var message = Hl7Message.Parse(context.Message.Span);
            return builder.Acknowledge(message, Hl7AckOutcome.Accepted).ToBytes();
        }
        catch (Hl7ParseException error)
        {
            return builder.BuildNak(context.Message.Span, error).ToBytes();
        }
    }
}
