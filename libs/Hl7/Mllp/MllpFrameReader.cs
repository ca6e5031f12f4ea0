using System.Buffers;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// The streaming MLLP decoder, in the System.IO.Pipelines style: call <see cref="TryRead"/> in a loop on the bytes
/// read so far; each true result consumed bytes from the front of the buffer. A message may arrive split across any
/// number of reads, and one read may hold several messages. Bytes outside frames are reported as
/// <see cref="MllpFrameKind.Discarded"/> (line ends between frames are skipped silently), and a frame past the size
/// limit as <see cref="MllpFrameKind.Oversize"/>: the caller decides what to do (log, NAK, close).
/// </summary>
public static class MllpFrameReader
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    /// <summary>Bytes of an oversize frame kept so the caller can still read its MSH.</summary>
    public const int OversizeHeadLength = 1024;

    private const int DiscardSampleLength = 64;

    /// <summary>
    /// Reads the next frame result from the front of <paramref name="buffer"/> and slices the consumed bytes off.
    /// False means more bytes are needed (only line ends were consumed); pass <c>buffer.Start</c> as consumed and
    /// <c>buffer.End</c> as examined to the pipe.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out MllpFrame frame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 1);
        frame = default;
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny(CarriageReturn, (byte)'\n');
        buffer = buffer.Slice(reader.Position);
        if (reader.End)
        {
            return false;
        }

        if (!reader.IsNext(StartBlock))
        {
            var start = reader.Position;
            if (!reader.TryAdvanceTo(StartBlock, advancePastDelimiter: false))
            {
                reader.AdvanceToEnd();
            }

            frame = Discarded(buffer.Slice(start, reader.Position));
            buffer = buffer.Slice(reader.Position);
            return true;
        }

        reader.Advance(1);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> payload, EndBlock, advancePastDelimiter: true))
        {
            var pending = buffer.Length - 1;
            if (pending <= maxMessageSize)
            {
                return false;
            }

            frame = new MllpFrame(MllpFrameKind.Oversize, Head(buffer.Slice(1)), pending);
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        // A start block inside the frame means the sender abandoned a frame and began a new one.
        var restart = LastIndexOf(payload, StartBlock);
        if (restart >= 0)
        {
            frame = Discarded(buffer.Slice(0, restart + 1));
            buffer = buffer.Slice(restart + 1);
            return true;
        }

        // The end block's CR is consumed when present; when it has not arrived yet it is skipped as a line end later.
        reader.IsNext(CarriageReturn, advancePast: true);
        frame = payload.Length > maxMessageSize
            ? new MllpFrame(MllpFrameKind.Oversize, Head(payload), payload.Length)
            : new MllpFrame(MllpFrameKind.Message, payload.ToArray(), payload.Length);
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static MllpFrame Discarded(ReadOnlySequence<byte> bytes) =>
        new(MllpFrameKind.Discarded, bytes.Slice(0, Math.Min(bytes.Length, DiscardSampleLength)).ToArray(), bytes.Length);

    private static byte[] Head(ReadOnlySequence<byte> bytes) => bytes.Slice(0, Math.Min(bytes.Length, OversizeHeadLength)).ToArray();

    private static long LastIndexOf(ReadOnlySequence<byte> sequence, byte value)
    {
        var found = -1L;
        var offset = 0L;
        foreach (var segment in sequence)
        {
            var index = segment.Span.LastIndexOf(value);
            if (index >= 0)
            {
                found = offset + index;
            }

            offset += segment.Length;
        }

        return found;
    }
}
