using System.Buffers.Binary;

namespace CloudRisPacs.Dicom.Tests.Fuzz;

/// <summary>Mutates a valid file the ways broken input tends to look: flipped bits, overwritten lengths, cut or inserted bytes.</summary>
public static class Mutator
{
    public static byte[] Mutate(byte[] original, Random random)
    {
        var data = original.ToList();
        var mutations = random.Next(1, 5);
        for (var m = 0; m < mutations && data.Count > 0; m++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(8))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    // A plausible 32-bit length field overwritten with an extreme value.
                    WriteUInt32(data, at, random.Next(4) switch { 0 => 0xFFFF_FFFF, 1 => 0xFFFF_FFFE, 2 => (uint)random.Next(), _ => (uint)random.Next(64) });
                    break;
                case 3:
                    WriteUInt16(data, at, (ushort)random.Next(65536));
                    break;
                case 4:
                    data.RemoveRange(at, Math.Min(random.Next(1, 64), data.Count - at));
                    break;
                case 5:
                    data.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
                case 6:
                    // Truncate.
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    // Plant an item or delimiter tag.
                    var tag = random.Next(3) switch { 0 => 0xE000FFFEu, 1 => 0xE00DFFFEu, _ => 0xE0DDFFFEu };
                    WriteUInt32(data, at, tag);
                    break;
            }
        }

        return [.. data];
    }

    private static void WriteUInt32(List<byte> data, int at, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        for (var i = 0; i < 4 && at + i < data.Count; i++)
        {
            data[at + i] = bytes[i];
        }
    }

    private static void WriteUInt16(List<byte> data, int at, ushort value)
    {
        for (var i = 0; i < 2 && at + i < data.Count; i++)
        {
            data[at + i] = (byte)(value >> (8 * i));
        }
    }
}
