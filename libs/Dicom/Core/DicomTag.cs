using System.Globalization;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A data element tag (group, element). Constants for every keyword of the data dictionary are generated
/// (<c>DicomTag.PatientName</c>); <see cref="Parse"/> accepts <c>(0010,0010)</c>, <c>0010,0010</c>, <c>00100010</c>
/// or a keyword.
/// </summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>, ISpanFormattable
{
    public DicomTag(ushort group, ushort element)
    {
        Value = ((uint)group << 16) | element;
    }

    public DicomTag(uint value)
    {
        Value = value;
    }

    /// <summary>The tag as one number, group in the high 16 bits.</summary>
    public uint Value { get; }

    public ushort Group => (ushort)(Value >> 16);

    public ushort Element => (ushort)Value;

    /// <summary>Whether the group is odd, which makes the element private (groups 0001, 0003, 0005, 0007 are illegal but odd too).</summary>
    public bool IsPrivate => (Value & 0x0001_0000) != 0;

    /// <summary>Whether this is a private creator element (gggg,0010-00FF) that reserves a block of a private group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>Whether this element belongs to a reserved private block (gggg,1000-FFFF) named by a private creator.</summary>
    public bool IsPrivateData => IsPrivate && Element >= 0x1000;

    /// <summary>Whether this is a group length element (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0;

    /// <summary>For a private data element, the tag of the private creator that reserves its block.</summary>
    public DicomTag PrivateCreatorTag =>
        IsPrivateData ? new DicomTag(Group, (ushort)(Element >> 8)) : throw new InvalidOperationException($"{this} is not a private data element.");

    /// <summary>The dictionary keyword of a public tag, or null.</summary>
    public string? Keyword => DicomDictionary.Find(this)?.Keyword is { Length: > 0 } keyword ? keyword : null;

    public static bool operator ==(DicomTag left, DicomTag right) => left.Value == right.Value;

    public static bool operator !=(DicomTag left, DicomTag right) => left.Value != right.Value;

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <summary>Parses <c>(gggg,eeee)</c>, <c>gggg,eeee</c>, <c>ggggeeee</c> or a dictionary keyword.</summary>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var tag) ? tag : throw new FormatException($"'{text}' is neither a tag in hexadecimal nor a dictionary keyword.");
    }

    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length == 11 && span[0] == '(' && span[10] == ')')
        {
            span = span[1..10];
        }

        if (span.Length == 9 && span[4] == ',')
        {
            if (ushort.TryParse(span[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var g)
                && ushort.TryParse(span[5..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var e))
            {
                tag = new DicomTag(g, e);
                return true;
            }

            return false;
        }

        if (span.Length == 8 && uint.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            tag = new DicomTag(value);
            return true;
        }

        if (DicomDictionary.FindByKeyword(span.ToString()) is { } entry)
        {
            tag = new DicomTag(entry.Tag);
            return true;
        }

        return false;
    }

    public bool Equals(DicomTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>The tag as <c>(gggg,eeee)</c> in upper-case hexadecimal.</summary>
    public override string ToString() => string.Create(11, Value, static (span, value) => Format(value, span));

    public string ToString(string? format, IFormatProvider? formatProvider) => format switch
    {
        null or "" or "G" => ToString(),
        "X" => Value.ToString("X8", CultureInfo.InvariantCulture),
        _ => throw new FormatException($"Unknown tag format '{format}'; use G for (gggg,eeee) or X for ggggeeee."),
    };

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (format is "X")
        {
            return Value.TryFormat(destination, out charsWritten, "X8", CultureInfo.InvariantCulture);
        }

        charsWritten = 0;
        if (destination.Length < 11)
        {
            return false;
        }

        Format(Value, destination);
        charsWritten = 11;
        return true;
    }

    private static void Format(uint value, Span<char> span)
    {
        span[0] = '(';
        (value >> 16).TryFormat(span[1..5], out _, "X4", CultureInfo.InvariantCulture);
        span[5] = ',';
        (value & 0xFFFF).TryFormat(span[6..10], out _, "X4", CultureInfo.InvariantCulture);
        span[10] = ')';
    }
}
