using System.Buffers.Binary;
using System.Text;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// A commit record kept in the 128-byte preamble of a Part 10 file, which PS3.10 7.1 leaves to the implementation (readers
/// must not rely on it): the file's length, a CRC-32C of everything after the preamble and the name the file is to have.
/// A file whose seal matches its content was completely written before its one flush; anything else (a torn write
/// after a power loss) does not match. The seal has its own CRC so that a half-written seal is not trusted either.
/// </summary>
internal static class Part10Seal
{
    public const int Size = 128;

    /// <summary>The longest final file name, in UTF-8 bytes, that fits in the seal.</summary>
    public const int MaxNameBytes = 96;

    private const int LengthAt = 8;
    private const int ContentCrcAt = 16;
    private const int NameLengthAt = 20;
    private const int NameAt = 22;
    private const int SealCrcAt = Size - sizeof(uint);

    private static ReadOnlySpan<byte> Magic => "CRPSEAL1"u8;

    /// <summary>Whether <paramref name="fileName"/> fits in a seal.</summary>
    public static bool Fits(string fileName) => Encoding.UTF8.GetByteCount(fileName) <= MaxNameBytes;

    public static void Write(Span<byte> preamble, long length, uint contentCrc, string fileName)
    {
        preamble[..Size].Clear();
        Magic.CopyTo(preamble);
        BinaryPrimitives.WriteInt64LittleEndian(preamble[LengthAt..], length);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble[ContentCrcAt..], contentCrc);
        var nameLength = Encoding.UTF8.GetBytes(fileName, preamble.Slice(NameAt, MaxNameBytes));
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[NameLengthAt..], (ushort)nameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble[SealCrcAt..], Crc32C.Append(Crc32C.Initial, preamble[..SealCrcAt]));
    }

    /// <summary>Reads a seal; false when the preamble holds none or a damaged one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> preamble, out long length, out uint contentCrc, out string fileName)
    {
        length = 0;
        contentCrc = 0;
        fileName = string.Empty;
        if (preamble.Length < Size || !preamble.StartsWith(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(preamble[SealCrcAt..]) != Crc32C.Append(Crc32C.Initial, preamble[..SealCrcAt]))
        {
            return false;
        }

        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[NameLengthAt..]);
        if (nameLength is 0 or > MaxNameBytes)
        {
            return false;
        }

        length = BinaryPrimitives.ReadInt64LittleEndian(preamble[LengthAt..]);
        contentCrc = BinaryPrimitives.ReadUInt32LittleEndian(preamble[ContentCrcAt..]);
        fileName = Encoding.UTF8.GetString(preamble.Slice(NameAt, nameLength));
        return length >= Size;
    }
}
