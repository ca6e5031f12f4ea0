using System.Buffers.Binary;
using System.Numerics;

namespace CloudRisPacs.Dicom.IO;

/// <summary>CRC-32C (Castagnoli) over byte spans; hardware-accelerated where the CPU has it (SSE 4.2, ARMv8 CRC).</summary>
internal static class Crc32C
{
    /// <summary>The CRC of an empty input; pass it as <c>crc</c> for the first span.</summary>
    public const uint Initial = 0;

    /// <summary>Continues <paramref name="crc"/> (the result of an earlier call, or <see cref="Initial"/>) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var value in data)
        {
            state = BitOperations.Crc32C(state, value);
        }

        return ~state;
    }
}
