using System.Buffers;
using System.IO.Pipelines;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>The MLLP encoder: start block, payload, end block and CR. Payloads holding 0x0B or 0x1C are refused.</summary>
public static class MllpFrameWriter
{
    /// <summary>Framing adds three bytes.</summary>
    public static int FramedLength(int payloadLength) => payloadLength + 3;

    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        Check(payload);
        var framed = new byte[FramedLength(payload.Length)];
        framed[0] = MllpFrameReader.StartBlock;
        payload.CopyTo(framed.AsSpan(1));
        framed[^2] = MllpFrameReader.EndBlock;
        framed[^1] = MllpFrameReader.CarriageReturn;
        return framed;
    }

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Check(payload);
        var span = writer.GetSpan(FramedLength(payload.Length));
        span[0] = MllpFrameReader.StartBlock;
        payload.CopyTo(span[1..]);
        span[payload.Length + 1] = MllpFrameReader.EndBlock;
        span[payload.Length + 2] = MllpFrameReader.CarriageReturn;
        writer.Advance(FramedLength(payload.Length));
    }

    /// <summary>Frames the payload into the pipe and flushes it.</summary>
    public static ValueTask<FlushResult> WriteAsync(PipeWriter writer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Write(writer, payload.Span);
        return writer.FlushAsync(cancellationToken);
    }

    private static void Check(ReadOnlySpan<byte> payload)
    {
        var bad = payload.IndexOfAny(MllpFrameReader.StartBlock, MllpFrameReader.EndBlock);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"The payload holds an MLLP block character (0x{payload[bad]:X2}) at byte {bad}; it cannot be framed.", nameof(payload));
        }
    }
}
