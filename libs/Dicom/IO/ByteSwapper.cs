using System.Buffers.Binary;

namespace CloudRisPacs.Dicom.IO;

/// <summary>Reverses the byte order of each unit of a value (big endian to little endian and back).</summary>
internal static class ByteSwapper
{
    /// <summary>The unit to reverse for a VR: 2, 4 or 8 for numbers (AT swaps its two 16-bit halves), 1 for text and bytes.</summary>
    public static int UnitOf(DicomVR vr) => vr == DicomVR.AT ? 2 : vr.UnitSize;

    public static void Swap(Span<byte> data, int unit)
    {
        switch (unit)
        {
            case 2:
                for (var i = 0; i + 2 <= data.Length; i += 2)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(data[i..], BinaryPrimitives.ReadUInt16BigEndian(data[i..]));
                }

                break;
            case 4:
                for (var i = 0; i + 4 <= data.Length; i += 4)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(data[i..], BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
                }

                break;
            case 8:
                for (var i = 0; i + 8 <= data.Length; i += 8)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(data[i..], BinaryPrimitives.ReadUInt64BigEndian(data[i..]));
                }

                break;
        }
    }
}
