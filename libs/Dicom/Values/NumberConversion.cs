using System.Buffers.Binary;
using System.Numerics;

namespace CloudRisPacs.Dicom;

/// <summary>Reads and writes the binary numbers of a VR (little-endian bytes) as any .NET number type, checked.</summary>
internal static class NumberConversion
{
    /// <summary>Whether a VR's value is a run of fixed-size binary numbers.</summary>
    public static bool IsBinaryNumeric(DicomVR vr) => vr != DicomVR.AT && vr.Kind is DicomVRKind.Number or DicomVRKind.Bulk;

    /// <summary>
    /// The number of binary values. A US, SS, UL, SL, UV, SV, FL or FD value is a whole number of fixed-size values
    /// (PS3.5 6.2, 7.1.1); one that is not (a US of 3 bytes) has no numbers to give: which value the stray bytes
    /// belonged to is unknown, so this throws <see cref="DicomValueException"/> rather than answer the first ones. An
    /// OB, OW, OL, OV, OF or OD value's trailing partial unit is not counted.
    /// </summary>
    public static int Count(DicomVR vr, int length, DicomTag tag)
    {
        if (vr.Kind == DicomVRKind.Number && length % vr.UnitSize != 0)
        {
            throw new DicomValueException($"{tag} {vr} value of {length} bytes is not a whole number of {vr.UnitSize}-byte values.");
        }

        return length / vr.UnitSize;
    }

    public static T Read<T>(DicomVR vr, ReadOnlySpan<byte> value, int index, DicomTag tag)
        where T : struct, INumber<T>
    {
        var count = Count(vr, value.Length, tag);
        var offset = index * vr.UnitSize;
        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{tag} has {count} values.");
        }

        var bytes = value[offset..];
        return vr.Code switch
        {
            "US" or "OW" => Convert<ushort, T>(BinaryPrimitives.ReadUInt16LittleEndian(bytes), tag),
            "SS" => Convert<short, T>(BinaryPrimitives.ReadInt16LittleEndian(bytes), tag),
            "UL" or "OL" => Convert<uint, T>(BinaryPrimitives.ReadUInt32LittleEndian(bytes), tag),
            "SL" => Convert<int, T>(BinaryPrimitives.ReadInt32LittleEndian(bytes), tag),
            "UV" or "OV" => Convert<ulong, T>(BinaryPrimitives.ReadUInt64LittleEndian(bytes), tag),
            "SV" => Convert<long, T>(BinaryPrimitives.ReadInt64LittleEndian(bytes), tag),
            "FL" or "OF" => Convert<float, T>(BinaryPrimitives.ReadSingleLittleEndian(bytes), tag),
            "FD" or "OD" => Convert<double, T>(BinaryPrimitives.ReadDoubleLittleEndian(bytes), tag),
            _ => Convert<byte, T>(bytes[0], tag),
        };
    }

    /// <summary>Converts between number types; overflow and a fraction lost to an integer type are errors.</summary>
    public static TTo Convert<TFrom, TTo>(TFrom value, DicomTag tag)
        where TFrom : struct, INumber<TFrom>
        where TTo : struct, INumber<TTo>
    {
        try
        {
            var result = TTo.CreateChecked(value);
            if (IsIntegral<TTo>() && !IsIntegral<TFrom>() && !TFrom.IsInteger(value))
            {
                throw new DicomValueException($"{tag} value {value} is not an integer.");
            }

            return result;
        }
        catch (OverflowException ex)
        {
            throw new DicomValueException($"{tag} value {value} does not fit in {typeof(TTo).Name}.", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new DicomValueException($"{tag} value {value} cannot be converted to {typeof(TTo).Name}.", ex);
        }
    }

    /// <summary>Encodes values as the binary numbers of a VR; throws <see cref="ArgumentOutOfRangeException"/> when one does not fit.</summary>
    public static byte[] Write<T>(DicomVR vr, ReadOnlySpan<T> values)
        where T : struct, INumber<T>
    {
        var unit = vr.UnitSize;
        var bytes = new byte[values.Length * unit];
        for (var i = 0; i < values.Length; i++)
        {
            var span = bytes.AsSpan(i * unit);
            var value = values[i];
            try
            {
                CheckIntegralTarget(vr, value);
                switch (vr.Code)
                {
                    case "US" or "OW": BinaryPrimitives.WriteUInt16LittleEndian(span, ushort.CreateChecked(value)); break;
                    case "SS": BinaryPrimitives.WriteInt16LittleEndian(span, short.CreateChecked(value)); break;
                    case "UL" or "OL": BinaryPrimitives.WriteUInt32LittleEndian(span, uint.CreateChecked(value)); break;
                    case "SL": BinaryPrimitives.WriteInt32LittleEndian(span, int.CreateChecked(value)); break;
                    case "UV" or "OV": BinaryPrimitives.WriteUInt64LittleEndian(span, ulong.CreateChecked(value)); break;
                    case "SV": BinaryPrimitives.WriteInt64LittleEndian(span, long.CreateChecked(value)); break;
                    case "FL" or "OF": BinaryPrimitives.WriteSingleLittleEndian(span, float.CreateChecked(value)); break;
                    case "FD" or "OD": BinaryPrimitives.WriteDoubleLittleEndian(span, double.CreateChecked(value)); break;
                    case "OB" or "UN": span[0] = byte.CreateChecked(value); break;
                    default: throw new ArgumentException($"VR {vr} does not hold binary numbers.", nameof(vr));
                }
            }
            catch (OverflowException ex)
            {
                throw new ArgumentOutOfRangeException($"Value {value} does not fit in VR {vr}.", ex);
            }
        }

        return bytes;
    }

    public static bool IsIntegral<T>()
        where T : struct, INumber<T> => T.CreateTruncating(0.5) == T.Zero;

    private static void CheckIntegralTarget<T>(DicomVR vr, T value)
        where T : struct, INumber<T>
    {
        if (vr.Code is not ("FL" or "FD" or "OF" or "OD") && !T.IsInteger(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"VR {vr} holds integers only.");
        }
    }
}
