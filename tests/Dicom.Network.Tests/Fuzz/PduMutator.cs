using System.Buffers.Binary;

namespace CloudRisPacs.Dicom.Network.Tests.Fuzz;

/// <summary>Mutates PDU bytes the ways broken peers and hostile input look: flipped bits, big-endian lengths overwritten, bytes cut or inserted.</summary>
public static class PduMutator
{
    public static byte[] Mutate(byte[] original, Random random)
    {
        var data = original.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && data.Count > 0; m++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    Write32(data, at, random.Next(4) switch { 0 => 0xFFFF_FFFF, 1 => 0x7FFF_FFFF, 2 => (uint)random.Next(), _ => (uint)random.Next(64) });
                    break;
                case 3:
                    Write16(data, at, (ushort)random.Next(65536));
                    break;
                case 4:
                    data.RemoveRange(at, Math.Min(random.Next(1, 32), data.Count - at));
                    break;
                case 5:
                    data.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }

        return [.. data];
    }

    private static void Write32(List<byte> data, int at, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        for (var i = 0; i < 4 && at + i < data.Count; i++)
        {
            data[at + i] = bytes[i];
        }
    }

    private static void Write16(List<byte> data, int at, ushort value)
    {
        for (var i = 0; i < 2 && at + i < data.Count; i++)
        {
            data[at + i] = (byte)(value >> (8 * (1 - i)));
        }
    }
}
