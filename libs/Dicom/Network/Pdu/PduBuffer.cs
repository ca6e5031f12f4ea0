using System.Buffers.Binary;
using System.Text;

namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A growable big-endian byte buffer whose length fields are reserved first and filled in when the item ends.</summary>
internal sealed class PduBuffer
{
    private byte[] data = new byte[512];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => data.AsSpan(0, Length);

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WriteZeros(int count) => Reserve(count).Clear();

    public void WriteAscii(string text) => Encoding.ASCII.GetBytes(text, Reserve(Encoding.ASCII.GetByteCount(text)));

    /// <summary>Writes a text padded with spaces to a fixed width (AE titles).</summary>
    public void WritePadded(string text, int width)
    {
        var span = Reserve(width);
        span.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text, span);
    }

    /// <summary>Reserves a 16-bit length; returns where it is, for <see cref="EndLength16"/>.</summary>
    public int BeginLength16()
    {
        WriteUInt16(0);
        return Length;
    }

    public void EndLength16(int start, string what)
    {
        var length = Length - start;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"{what} of {length} bytes does not fit a 16-bit item length.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(start - 2), (ushort)length);
    }

    public int BeginLength32()
    {
        WriteUInt32(0);
        return Length;
    }

    public void EndLength32(int start) => BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(start - 4), (uint)(Length - start));

    private Span<byte> Reserve(int count)
    {
        if (Length + count > data.Length)
        {
            Array.Resize(ref data, Math.Max(data.Length * 2, Length + count));
        }

        var span = data.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
