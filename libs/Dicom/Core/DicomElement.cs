using System.Numerics;
using System.Text;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A data element with a value: the value stays as the bytes it was read as (little-endian whatever the transfer
/// syntax) and is converted on access. Immutable; a setter on <see cref="DicomDataset"/> replaces the element.
/// </summary>
public sealed class DicomElement : DicomEntry
{
    /// <summary>An element with raw little-endian value bytes, taken as they are (no validation, no padding).</summary>
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
        : base(tag, vr)
    {
        if (vr == DicomVR.SQ)
        {
            throw new ArgumentException("A sequence is a DicomSequence, not a DicomElement.", nameof(vr));
        }

        Value = value;
    }

    /// <summary>The value bytes, little-endian, as read (possibly odd-length) or as set (padded to even length).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    public int Length => Value.Length;

    /// <summary>
    /// The VR that decides how the value converts: the element's VR, except that a UN element of a public tag is
    /// interpreted as the dictionary's VR (PS3.5 section 6.2.2 allows receivers to do so).
    /// </summary>
    public DicomVR ValueVR => VR == DicomVR.UN && DicomDictionary.Find(Tag) is { HasAmbiguousVR: false, VR: var known } && known != DicomVR.SQ && known != DicomVR.UN ? known : VR;

    /// <summary>The whole text value decoded (backslashes kept), without trailing padding.</summary>
    public string GetText(DicomCharacterSet? characterSet = null) =>
        TextValues.TrimTrailing(TextValues.Decode(ValueVR, Value.Span, characterSet));

    /// <summary>The text values: split on backslashes (for multi-valued VRs) and trimmed of insignificant spaces.</summary>
    public IReadOnlyList<string> GetStrings(DicomCharacterSet? characterSet = null)
    {
        var vr = ValueVR;
        if (!vr.IsText)
        {
            throw new DicomValueException($"{Tag} has VR {vr}, which holds no text.");
        }

        return TextValues.Split(vr, TextValues.Decode(vr, Value.Span, characterSet));
    }

    /// <summary>
    /// The number of values (text values, binary numbers or tags). Throws <see cref="DicomValueException"/> for a binary
    /// number value that is not a whole number of values.
    /// </summary>
    public int GetValueCount(DicomCharacterSet? characterSet = null)
    {
        var vr = ValueVR;
        return vr.IsText ? GetStrings(characterSet).Count
            : vr == DicomVR.AT ? Value.Length / 4
            : NumberConversion.Count(vr, Value.Length, Tag);
    }

    /// <summary>
    /// One value as a number: binary VRs (US, SS, UL, SL, UV, SV, FL, FD and OB, OW, OL, OV, OF, OD) and the text
    /// VRs IS and DS. Throws <see cref="DicomValueException"/> when the VR holds no numbers, the text is not a number,
    /// a binary number value is not a whole number of values (a US of 3 bytes), or the value does not fit
    /// <typeparamref name="T"/>.
    /// </summary>
    public T GetNumber<T>(int index = 0)
        where T : struct, INumber<T>
    {
        var vr = ValueVR;
        if (NumberConversion.IsBinaryNumeric(vr))
        {
            return NumberConversion.Read<T>(vr, Value.Span, index, Tag);
        }

        if (vr == DicomVR.IS || vr == DicomVR.DS)
        {
            var values = GetStrings();
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, values.Count);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            return ParseNumber<T>(vr, values[index]);
        }

        throw new DicomValueException($"{Tag} has VR {vr}, which holds no numbers.");
    }

    /// <summary>All values as numbers (see <see cref="GetNumber{T}"/>).</summary>
    public T[] GetNumbers<T>()
        where T : struct, INumber<T>
    {
        var vr = ValueVR;
        if (NumberConversion.IsBinaryNumeric(vr))
        {
            var result = new T[NumberConversion.Count(vr, Value.Length, Tag)];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = NumberConversion.Read<T>(vr, Value.Span, i, Tag);
            }

            return result;
        }

        if (vr == DicomVR.IS || vr == DicomVR.DS)
        {
            return GetStrings().Select(text => ParseNumber<T>(vr, text)).ToArray();
        }

        throw new DicomValueException($"{Tag} has VR {vr}, which holds no numbers.");
    }

    /// <summary>The values of an AT element.</summary>
    public IReadOnlyList<DicomTag> GetTags()
    {
        if (ValueVR != DicomVR.AT)
        {
            throw new DicomValueException($"{Tag} has VR {ValueVR}, which holds no tags.");
        }

        var span = Value.Span;
        var tags = new DicomTag[span.Length / 4];
        for (var i = 0; i < tags.Length; i++)
        {
            var group = (ushort)(span[i * 4] | (span[(i * 4) + 1] << 8));
            var element = (ushort)(span[(i * 4) + 2] | (span[(i * 4) + 3] << 8));
            tags[i] = new DicomTag(group, element);
        }

        return tags;
    }

    /// <summary>
    /// A text element from values, validated for the VR (length, characters, format) and encoded with the character
    /// set (for SH, LO, ST, LT, UC, UT, PN) or ASCII, then padded to even length. Throws
    /// <see cref="ArgumentException"/> for a value the VR does not allow.
    /// </summary>
    public static DicomElement FromStrings(DicomTag tag, DicomVR vr, IReadOnlyList<string> values, DicomCharacterSet? characterSet = null)
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(values);
        if (!vr.IsText)
        {
            throw new ArgumentException($"VR {vr} of {tag} does not hold text.", nameof(vr));
        }

        if (!vr.IsMultiValued && values.Count > 1)
        {
            throw new ArgumentException($"VR {vr} of {tag} holds a single value; {values.Count} were given.", nameof(values));
        }

        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            if (TextValidator.Check(vr, value) is { } problem)
            {
                throw new ArgumentException($"{tag} {vr}: {problem}", nameof(values));
            }
        }

        var text = string.Join('\\', values);
        byte[] bytes;
        if (vr.IsCharacterSetDependent && characterSet is not null)
        {
            bytes = characterSet.Encode(text, vr);
        }
        else if (Ascii.IsValid(text))
        {
            bytes = Encoding.ASCII.GetBytes(text);
        }
        else
        {
            throw new ArgumentException(
                vr.IsCharacterSetDependent
                    ? $"{tag} {vr}: '{text}' has characters outside the default repertoire; set Specific Character Set first (e.g. ISO_IR 192)."
                    : $"{tag} {vr}: '{text}' has characters outside the default repertoire, which VR {vr} is limited to.",
                nameof(values));
        }

        return new DicomElement(tag, vr, Pad(bytes, vr));
    }

    /// <summary>
    /// A numeric element: binary VRs get little-endian numbers, IS and DS get text. Throws
    /// <see cref="ArgumentOutOfRangeException"/> for a value that does not fit the VR.
    /// </summary>
    public static DicomElement FromNumbers<T>(DicomTag tag, DicomVR vr, ReadOnlySpan<T> values)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(vr);
        if (vr == DicomVR.IS)
        {
            var texts = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                if (!T.IsInteger(values[i]))
                {
                    throw new ArgumentOutOfRangeException(nameof(values), values[i], $"{tag} IS holds integers only.");
                }

                long whole;
                try
                {
                    whole = long.CreateChecked(values[i]);
                }
                catch (OverflowException ex)
                {
                    throw new ArgumentOutOfRangeException($"{tag} IS value {values[i]} is out of range.", ex);
                }

                texts[i] = DicomNumberText.FormatInteger(whole);
            }

            return FromStrings(tag, vr, texts);
        }

        if (vr == DicomVR.DS)
        {
            var texts = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                texts[i] = values[i] is decimal exact ? DicomNumberText.FormatDecimal(exact) : DicomNumberText.FormatDecimal(double.CreateChecked(values[i]));
            }

            return FromStrings(tag, vr, texts);
        }

        if (!NumberConversion.IsBinaryNumeric(vr))
        {
            throw new ArgumentException($"VR {vr} of {tag} does not hold numbers.", nameof(vr));
        }

        return new DicomElement(tag, vr, Pad(NumberConversion.Write(vr, values), vr));
    }

    /// <summary>An AT element.</summary>
    public static DicomElement FromTags(DicomTag tag, params DicomTag[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            bytes[i * 4] = (byte)values[i].Group;
            bytes[(i * 4) + 1] = (byte)(values[i].Group >> 8);
            bytes[(i * 4) + 2] = (byte)values[i].Element;
            bytes[(i * 4) + 3] = (byte)(values[i].Element >> 8);
        }

        return new DicomElement(tag, DicomVR.AT, bytes);
    }

    public override DicomEntry Clone() => new DicomElement(Tag, VR, Value);

    public override string ToString() => $"{base.ToString()} [{Length} bytes]";

    /// <summary>Pads to even length with the VR's padding byte.</summary>
    internal static byte[] Pad(byte[] bytes, DicomVR vr)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = vr.PaddingByte;
        return padded;
    }

    private T ParseNumber<T>(DicomVR vr, string text)
        where T : struct, INumber<T>
    {
        if (vr == DicomVR.IS)
        {
            return DicomNumberText.TryParseInteger(text, out var whole)
                ? NumberConversion.Convert<long, T>(whole, Tag)
                : throw new DicomValueException($"{Tag} IS value '{text}' is not an integer.");
        }

        if (typeof(T) == typeof(decimal))
        {
            return DicomNumberText.TryParseDecimal(text, out decimal exact)
                ? NumberConversion.Convert<decimal, T>(exact, Tag)
                : throw new DicomValueException($"{Tag} DS value '{text}' is not a decimal number.");
        }

        return DicomNumberText.TryParseDecimal(text, out double value)
            ? NumberConversion.Convert<double, T>(value, Tag)
            : throw new DicomValueException($"{Tag} DS value '{text}' is not a decimal number.");
    }
}
