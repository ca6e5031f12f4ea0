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

        // A start block followed by a header segment inside the frame means the sender abandoned a frame and began a
        // new one; any other 0x0B is data (a vertical tab, Word's line break, in free text).
        var restart = LastRestart(payload);
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

    // The offset of the last start block followed by MSH, FHS or BHS, or -1. The whole payload up to the end block is
    // at hand here, so a read split between the 0x0B and the segment name cannot hide a restart.
    private static long LastRestart(ReadOnlySequence<byte> payload)
    {
        var found = -1L;
        var reader = new SequenceReader<byte>(payload);
        while (reader.TryAdvanceTo(StartBlock, advancePastDelimiter: true))
        {
            if (reader.IsNext("MSH"u8) || reader.IsNext("FHS"u8) || reader.IsNext("BHS"u8))
            {
                found = reader.Consumed - 1;
            }
        }

        return found;
    }
}
