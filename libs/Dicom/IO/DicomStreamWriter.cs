using System.Buffers.Binary;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// The writer that mirrors <see cref="DicomParser"/>: as an <see cref="IDicomReaderObserver"/> it encodes what a
/// parser reports in a target transfer syntax (a streaming copy or transcode that never holds a whole value), and
/// <see cref="DicomDatasetWriter"/> drives it from a data set. Output is strict: values padded to even length with
/// their VR's padding byte, sequences and items with undefined lengths (or the defined lengths the data set writer
/// computed), group lengths left out (they are retired; 0000 and 0002 are computed by the data set writer), and a
/// short-length VR whose value exceeds 65534 bytes written as UN. Encoded bytes accumulate until
/// <see cref="FlushTo"/> or <see cref="FlushToAsync"/>.
/// </summary>
public sealed class DicomStreamWriter : IDicomReaderObserver, IDisposable
{
    private readonly PendingOutput output = new();
    private readonly byte[] carry = new byte[8];
    private readonly bool explicitVR;
    private readonly bool littleEndian;
    private int carryLength;
    private int swapUnit;
    private bool skippingValue;
    private bool padValue;
    private byte padding;

    public DicomStreamWriter(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        Syntax = syntax;
        explicitVR = syntax.IsExplicitVR;
        littleEndian = syntax.IsLittleEndian;
    }

    public DicomTransferSyntax Syntax { get; }

    /// <summary>Encoded bytes not yet flushed.</summary>
    public long PendingBytes => output.Length;

    /// <summary>Encoded bytes produced so far.</summary>
    public long BytesWritten => output.Total;

    public void FlushTo(Stream stream) => output.FlushTo(stream);

    public ValueTask FlushToAsync(Stream stream, CancellationToken cancellationToken = default) => output.FlushToAsync(stream, cancellationToken);

    /// <summary>Everything pending as one array.</summary>
    public byte[] ToArray() => output.ToArray();

    public void Dispose() => output.Dispose();

    void IDicomReaderObserver.OnElementValue(in DicomElementHeader header, ReadOnlySpan<byte> chunk, bool isFirstChunk, bool isLastChunk)
    {
        if (isFirstChunk)
        {
            skippingValue = header.Tag.IsGroupLength;
            if (skippingValue)
            {
                return;
            }

            var vr = WriteHeader(header.Tag, header.VR, header.Length + (header.Length % 2));
            padValue = header.Length % 2 != 0;
            padding = vr.PaddingByte;
            swapUnit = littleEndian ? 1 : ByteSwapper.UnitOf(header.VR);
            carryLength = 0;
        }

        if (skippingValue)
        {
            return;
        }

        WriteValueChunk(chunk);
        if (isLastChunk)
        {
            FinishValue();
        }
    }

    void IDicomReaderObserver.OnSequenceStart(in DicomElementHeader header) => WriteSequenceStart(header.Tag, DicomElementHeader.UndefinedLength);

    void IDicomReaderObserver.OnItemStart(uint length, long offset) => WriteItemStart(DicomElementHeader.UndefinedLength);

    void IDicomReaderObserver.OnItemEnd() => WriteDelimiter(0xE00D);

    void IDicomReaderObserver.OnSequenceEnd() => WriteDelimiter(0xE0DD);

    void IDicomReaderObserver.OnFragmentsStart(in DicomElementHeader header) => WriteFragmentsStart(header.Tag, header.VR);

    void IDicomReaderObserver.OnFragment(ReadOnlySpan<byte> chunk, uint fragmentLength, bool isFirstChunk, bool isLastChunk)
    {
        if (isFirstChunk)
        {
            WriteItemHeader(fragmentLength + (fragmentLength % 2));
            padValue = fragmentLength % 2 != 0;
            padding = 0;
            swapUnit = 1;
            carryLength = 0;
        }

        output.Append(chunk);
        if (isLastChunk && padValue)
        {
            output.AppendByte(0);
        }
    }

    void IDicomReaderObserver.OnFragmentsEnd() => WriteDelimiter(0xE0DD);

    void IDicomReaderObserver.OnWarning(DicomReadWarning warning)
    {
        // What the source reader tolerated does not affect the strict output.
    }

    /// <summary>Writes a whole element; the value (little-endian, as elements keep it) is kept by reference until flushed.</summary>
    internal void WriteElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
    {
        var length = (uint)value.Length;
        var written = WriteHeader(tag, vr, length + (length % 2));
        if (littleEndian || ByteSwapper.UnitOf(vr) == 1)
        {
            output.AppendReference(value);
        }
        else
        {
            var swapped = value.ToArray();
            ByteSwapper.Swap(swapped, ByteSwapper.UnitOf(vr));
            output.Append(swapped);
        }

        if (length % 2 != 0)
        {
            output.AppendByte(written.PaddingByte);
        }
    }

    internal void WriteSequenceStart(DicomTag tag, uint length) => WriteHeader(tag, DicomVR.SQ, length);

    internal void WriteItemStart(uint length) => WriteItemHeader(length);

    internal void WriteItemEnd() => WriteDelimiter(0xE00D);

    internal void WriteSequenceEnd() => WriteDelimiter(0xE0DD);

    internal void WriteFragmentsStart(DicomTag tag, DicomVR vr)
    {
        if (!Syntax.IsEncapsulated)
        {
            throw new InvalidOperationException($"Encapsulated pixel data cannot be written in {Syntax.Uid.Name}; it needs an encapsulated transfer syntax (no image transcoding is done).");
        }

        // PS3.5 A.4: encapsulated pixel data is always OB.
        WriteHeader(tag, DicomVR.OB, DicomElementHeader.UndefinedLength);
    }

    internal void WriteFragment(ReadOnlyMemory<byte> fragment)
    {
        var length = (uint)fragment.Length;
        WriteItemHeader(length + (length % 2));
        output.AppendReference(fragment);
        if (length % 2 != 0)
        {
            output.AppendByte(0);
        }
    }

    internal void WriteFragmentsEnd() => WriteDelimiter(0xE0DD);

    /// <summary>The header of an element; returns the VR written (UN when a short-length VR cannot hold the length).</summary>
    private DicomVR WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        WriteTag(header, tag);
        if (!explicitVR)
        {
            WriteUInt32(header[4..], length);
            output.Append(header[..8]);
            return vr;
        }

        if (!vr.HasLongExplicitLength && length > 0xFFFE)
        {
            // PS3.5 6.2.2: a value too long for a 16-bit length may be sent as UN.
            vr = DicomVR.UN;
        }

        header[4] = (byte)vr.Code[0];
        header[5] = (byte)vr.Code[1];
        if (vr.HasLongExplicitLength)
        {
            header[6] = 0;
            header[7] = 0;
            WriteUInt32(header[8..], length);
            output.Append(header);
        }
        else
        {
            if (littleEndian)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)length);
            }

            output.Append(header[..8]);
        }

        return vr;
    }

    private void WriteItemHeader(uint length)
    {
        Span<byte> header = stackalloc byte[8];
        WriteTag(header, new DicomTag(0xFFFE, 0xE000));
        WriteUInt32(header[4..], length);
        output.Append(header);
    }

    private void WriteDelimiter(ushort element)
    {
        Span<byte> header = stackalloc byte[8];
        WriteTag(header, new DicomTag(0xFFFE, element));
        WriteUInt32(header[4..], 0);
        output.Append(header);
    }

    private void WriteValueChunk(ReadOnlySpan<byte> chunk)
    {
        if (swapUnit <= 1)
        {
            output.Append(chunk);
            return;
        }

        // Swapping needs whole units; a chunk may end inside one, which waits in the carry.
        Span<byte> unit = stackalloc byte[8];
        while (!chunk.IsEmpty)
        {
            if (carryLength > 0 || chunk.Length < swapUnit)
            {
                var take = Math.Min(swapUnit - carryLength, chunk.Length);
                chunk[..take].CopyTo(carry.AsSpan(carryLength));
                carryLength += take;
                chunk = chunk[take..];
                if (carryLength == swapUnit)
                {
                    carry.AsSpan(0, swapUnit).CopyTo(unit);
                    ByteSwapper.Swap(unit[..swapUnit], swapUnit);
                    output.Append(unit[..swapUnit]);
                    carryLength = 0;
                }

                continue;
            }

            var whole = chunk.Length - (chunk.Length % swapUnit);
            var swapped = chunk[..whole].ToArray();
            ByteSwapper.Swap(swapped, swapUnit);
            output.Append(swapped);
            chunk = chunk[whole..];
        }
    }

    private void FinishValue()
    {
        if (carryLength > 0)
        {
            // A value that is not a whole number of units (malformed): its tail is written as it is.
            output.Append(carry.AsSpan(0, carryLength));
            carryLength = 0;
        }

        if (padValue)
        {
            output.AppendByte(padding);
        }
    }

    private void WriteTag(Span<byte> span, DicomTag tag)
    {
        if (littleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, tag.Group);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], tag.Element);
        }
    }

    private void WriteUInt32(Span<byte> span, uint value)
    {
        if (littleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
    }
}
