using System.Globalization;

namespace CloudRisPacs.Dicom;

/// <summary>
/// Reading and writing the numeric text VRs: DS (decimal string, at most 16 characters, PS3.5 table 6.2-1) and IS
/// (integer string, at most 12 characters, range -2^31..2^31-1).
/// </summary>
public static class DicomNumberText
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>Parses a DS value as a double (leading and trailing spaces allowed, as PS3.5 does).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Parses a DS value as a decimal, exactly.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses an IS value. Tolerates a decimal point with only zeros after it (<c>"12.0"</c>), which some devices write.</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
    {
        if (long.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var trimmed = text.Trim();
        var dot = trimmed.IndexOf('.');
        if (dot > 0 && trimmed[(dot + 1)..].TrimEnd('0').IsEmpty)
        {
            return long.TryParse(trimmed[..dot], IntegerStyle, CultureInfo.InvariantCulture, out value);
        }

        return false;
    }

    /// <summary>
    /// The shortest DS text for a double that fits in 16 characters: the round-trip form when it fits, otherwise the
    /// most significant digits that do. Throws <see cref="ArgumentOutOfRangeException"/> for NaN and infinities.
    /// </summary>
    public static string FormatDecimal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A decimal string cannot hold NaN or an infinity.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Length <= 16)
        {
            return text;
        }

        for (var digits = 15; digits >= 1; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (text.Length <= 16)
            {
                return text;
            }
        }

        return text;
    }

    /// <summary>DS text for a decimal; throws <see cref="ArgumentOutOfRangeException"/> when it cannot fit in 16 characters.</summary>
    public static string FormatDecimal(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Length <= 16)
        {
            return text;
        }

        var rounded = FormatDecimal((double)value);
        return rounded.Length <= 16 ? rounded : throw new ArgumentOutOfRangeException(nameof(value), value, "The value does not fit in a 16-character decimal string.");
    }

    /// <summary>IS text; throws <see cref="ArgumentOutOfRangeException"/> outside -2^31..2^31-1.</summary>
    public static string FormatInteger(long value) =>
        value is >= int.MinValue and <= int.MaxValue
            ? value.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "An integer string holds values from -2^31 to 2^31-1.");
}
