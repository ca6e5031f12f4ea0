using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CloudRisPacs.Dicom.IO;

// Delivering values to the observer (whole or in chunks, byte-swapped to little endian) and remembering what later VR decisions need.
public sealed partial class DicomParser
{
    private bool DeliverChunk(ReadOnlySpan<byte> rest, bool isFinalBlock, ref int pos)
    {
        var take = (int)Math.Min(remaining, rest.Length);
        if (take < remaining && swapUnit > 1)
        {
            take -= take % 8;
        }

        if (take == 0)
        {
            return isFinalBlock ? throw Truncated(current.Tag, current.Length, current.Length - remaining) : false;
        }

        var isLast = take == remaining;
        if (state == ParserState.Fragment)
        {
            observer.OnFragment(rest[..take], currentFragmentLength, firstChunk, isLast);
        }
        else
        {
            Deliver(current, rest[..take], swapUnit, firstChunk, isLast);
        }

        firstChunk = false;
        remaining -= take;
        pos += take;
        if (isLast)
        {
            state = ParserState.Header;
        }

        return true;
    }

    private void Deliver(in DicomElementHeader header, ReadOnlySpan<byte> value, int unit, bool isFirst, bool isLast)
    {
        if (unit <= 1 || value.IsEmpty)
        {
            observer.OnElementValue(header, value, isFirst, isLast);
            return;
        }

        if (scratch is null || scratch.Length < value.Length)
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            scratch = ArrayPool<byte>.Shared.Rent(Math.Max(value.Length, 4096));
        }

        var swapped = scratch.AsSpan(0, value.Length);
        value.CopyTo(swapped);
        ByteSwapper.Swap(swapped, unit);
        observer.OnElementValue(header, swapped, isFirst, isLast);
    }

    /// <summary>Keeps what later VR decisions depend on: Pixel Representation, Bits Allocated, LUT size, private creators.</summary>
    private static void Remember(DicomTag tag, DicomVR vr, ReadOnlySpan<byte> value, int unit, Frame frame)
    {
        if (tag.IsPrivateCreator)
        {
            frame.Creators ??= [];
            frame.Creators[((uint)tag.Group << 8) | tag.Element] = Encoding.Latin1.GetString(value).Trim(' ', '\0');
            return;
        }

        if (tag.Group is not (0x0028 or 0x5400) || value.Length < 2 || vr.Kind != DicomVRKind.Number)
        {
            return;
        }

        int number = unit > 1 ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt16LittleEndian(value);
        switch (tag.Value)
        {
            case 0x0028_0103: frame.PixelRepresentation = number; break;
            case 0x0028_0100: frame.BitsAllocated = number; break;
            case 0x5400_1004: frame.WaveformBitsAllocated = number; break;
            case 0x0028_3002: frame.LutEntries = number; break;
        }
    }

    private void CheckLength(DicomTag tag, uint length, int headerLength)
    {
        if (length > options.MaxValueLength)
        {
            throw new DicomParseException($"Value length {length} exceeds the limit of {options.MaxValueLength} bytes", Position, tag);
        }

        if (options.InputLength is { } inputLength && Position + headerLength + length > inputLength)
        {
            throw new DicomParseException($"Value length {length} exceeds the {Math.Max(0, inputLength - Position - headerLength)} bytes left in the input", Position, tag);
        }
    }

    private DicomParseException Truncated(DicomTag tag, long expected, long available) =>
        new($"The input ends inside a value: {expected} bytes expected, {Math.Max(0, available)} present", Position, tag);
}
