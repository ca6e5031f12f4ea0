using System.Buffers.Binary;
using System.Text;

namespace CloudRisPacs.Dicom.Tests.IO;

/// <summary>Builds hand-made encodings byte by byte, for inputs no writer would produce.</summary>
public sealed class Bytes
{
    private readonly List<byte> data = [];

    public Bytes Tag(ushort group, ushort element)
    {
        Word(group);
        return Word(element);
    }

    public Bytes Explicit(ushort group, ushort element, string vr, string value) => Explicit(group, element, vr, Encoding.ASCII.GetBytes(value));

    public Bytes Explicit(ushort group, ushort element, string vr, byte[] value)
    {
        Tag(group, element);
        data.AddRange(Encoding.ASCII.GetBytes(vr));
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT" or "UC" or "UR" or "OD" or "OF" or "OL" or "OV" or "SV" or "UV")
        {
            Word(0);
            DoubleWord((uint)value.Length);
        }
        else
        {
            Word((ushort)value.Length);
        }

        data.AddRange(value);
        return this;
    }

    public Bytes Implicit(ushort group, ushort element, string value) => Implicit(group, element, Encoding.ASCII.GetBytes(value));

    public Bytes Implicit(ushort group, ushort element, byte[] value)
    {
        Tag(group, element);
        DoubleWord((uint)value.Length);
        data.AddRange(value);
        return this;
    }

    public Bytes ExplicitHeader(ushort group, ushort element, string vr, uint length)
    {
        Tag(group, element);
        data.AddRange(Encoding.ASCII.GetBytes(vr));
        Word(0);
        return DoubleWord(length);
    }

    public Bytes Item(uint length = 0xFFFFFFFF)
    {
        Tag(0xFFFE, 0xE000);
        return DoubleWord(length);
    }

    public Bytes ItemEnd()
    {
        Tag(0xFFFE, 0xE00D);
        return DoubleWord(0);
    }

    public Bytes SequenceEnd()
    {
        Tag(0xFFFE, 0xE0DD);
        return DoubleWord(0);
    }

    public Bytes Raw(params byte[] bytes)
    {
        data.AddRange(bytes);
        return this;
    }

    public Bytes Word(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        data.AddRange(b.ToArray());
        return this;
    }

    public Bytes DoubleWord(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        data.AddRange(b.ToArray());
        return this;
    }

    public byte[] ToArray() => [.. data];
}
