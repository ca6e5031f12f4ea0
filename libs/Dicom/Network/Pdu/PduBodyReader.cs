using System.Buffers.Binary;
using System.Text;

namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A cursor over a PDU body or item value, big-endian; running past the end is a <see cref="PduFormatException"/>.</summary>
internal ref struct PduBodyReader(ReadOnlySpan<byte> span, string what)
{
    private readonly ReadOnlySpan<byte> span = span;
    private readonly string what = what;
    private int position;

    public readonly int Remaining => span.Length - position;

    public readonly int Position => position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public void Skip(int count) => Take(count);

    /// <summary>Text of the default repertoire, without the padding (spaces, NULs) that some peers add.</summary>
    public string ReadText(int count) => Trim(Take(count));

    public static string Trim(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes).Trim(' ', '\0');

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new PduFormatException(
                AbortReason.InvalidPduParameterValue,
                $"{what}: {count} bytes needed at offset {position}, {Remaining} left.");
        }

        var slice = span.Slice(position, count);
        position += count;
        return slice;
    }
}
