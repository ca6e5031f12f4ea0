using System.Buffers.Binary;

namespace CloudRisPacs.TestSupport;

/// <summary>
/// Mutates valid binary input the ways broken peers and hostile input look: flipped bits, length fields overwritten
/// with extreme values, bytes cut, inserted or truncated, and optionally words that mean something to the format (such
/// as DICOM item delimiters) planted anywhere. Shared by the fuzz harnesses of every binary parser.
/// </summary>
public sealed class ByteMutator
{
    private static readonly uint[] ExtremeLengths = [0xFFFF_FFFF, 0xFFFF_FFFE, 0x7FFF_FFFF];

    private readonly bool bigEndian;
    private readonly uint[] plantedWords;

    /// <param name="bigEndian">The byte order of the format's length fields (PDUs are big endian, data sets little).</param>
    /// <param name="plantedWords">32-bit words worth planting (written in the format's byte order); none by default.</param>
    public ByteMutator(bool bigEndian, params uint[] plantedWords)
    {
        ArgumentNullException.ThrowIfNull(plantedWords);
        this.bigEndian = bigEndian;
        this.plantedWords = plantedWords;
    }

    public byte[] Mutate(byte[] original, Random random)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(random);
        var data = original.ToList();
        var mutations = random.Next(1, 5);
        var kinds = plantedWords.Length == 0 ? 7 : 8;
        for (var m = 0; m < mutations && data.Count > 0; m++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(kinds))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    var pick = random.Next(ExtremeLengths.Length + 2);
                    Write32(data, at, pick < ExtremeLengths.Length ? ExtremeLengths[pick] : pick == ExtremeLengths.Length ? (uint)random.Next() : (uint)random.Next(64));
                    break;
                case 3:
                    Write16(data, at, (ushort)random.Next(65536));
                    break;
                case 4:
                    data.RemoveRange(at, Math.Min(random.Next(1, 64), data.Count - at));
                    break;
                case 5:
                    data.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
                case 6:
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    Write32(data, at, plantedWords[random.Next(plantedWords.Length)]);
                    break;
            }
        }

        return [.. data];
    }

    private void Write32(List<byte> data, int at, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }

        Overwrite(data, at, bytes);
    }

    private void Write16(List<byte> data, int at, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }

        Overwrite(data, at, bytes);
    }

    private static void Overwrite(List<byte> data, int at, ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length && at + i < data.Count; i++)
        {
            data[at + i] = bytes[i];
        }
    }
}
