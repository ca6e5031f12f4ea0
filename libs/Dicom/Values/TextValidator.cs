namespace CloudRisPacs.Dicom;

/// <summary>
/// Checks one text value against its VR before it is written (PS3.5 table 6.2-1). Query forms are allowed where
/// C-FIND uses them: ranges for DA, TM and DT, and the wildcards <c>*</c> and <c>?</c> in CS.
/// </summary>
internal static class TextValidator
{
    /// <summary>A description of what is wrong, or null when the value is valid.</summary>
    public static string? Check(DicomVR vr, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (vr.IsMultiValued && value.Contains('\\', StringComparison.Ordinal))
        {
            return $"a value may not contain a backslash (it separates values): '{value}'.";
        }

        if (HasForbiddenControl(vr, value))
        {
            return $"control characters are not allowed in {vr}: '{Printable(value)}'.";
        }

        return vr.Code switch
        {
            "AE" => MaxLength(value, 16),
            "AS" => value.Length == 4 && char.IsAsciiDigit(value[0]) && char.IsAsciiDigit(value[1]) && char.IsAsciiDigit(value[2]) && value[3] is 'D' or 'W' or 'M' or 'Y'
                ? null : $"an age string is nnnD, nnnW, nnnM or nnnY: '{value}'.",
            "CS" => MaxLength(value, 16) ?? (value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is ' ' or '_' or '*' or '?')
                ? null : $"a code string has upper-case letters, digits, space and underscore only: '{value}'."),
            "DA" => Range(value, 18, v => DicomDate.TryParse(v, out var d) && d.Precision == DicomDateTimePrecision.Day && v.Trim().Length == 8, "a date (YYYYMMDD) or date range"),
            "TM" => Range(value, 28, v => DicomTime.TryParse(v, out _) && !v.Contains(':', StringComparison.Ordinal), "a time (HHMMSS.FFFFFF) or time range"),
            "DT" => Range(value, 54, v => DicomDateTime.TryParse(v, out _) && !DicomDateTime.HasNegativeZeroOffset(v), "a date time (YYYYMMDDHHMMSS.FFFFFF&ZZXX, UTC as +0000) or range"),
            "DS" => MaxLength(value, 16) ?? (DicomNumberText.TryParseDecimal(value, out double _) ? null : $"'{value}' is not a decimal number."),
            "IS" => MaxLength(value, 12) ?? (DicomNumberText.TryParseInteger(value, out var whole) && whole is >= int.MinValue and <= int.MaxValue && !value.Contains('.', StringComparison.Ordinal)
                ? null : $"'{value}' is not an integer from -2^31 to 2^31-1."),
            "UI" => DicomUid.IsValid(value) ? null : $"'{value}' is not a UID (digits and dots, at most 64 characters, no leading zeros).",
            "PN" => value.Split('=').Length > 3 ? $"a person name has at most three component groups: '{value}'."
                : value.Split('=').Any(group => group.Length > 64) ? $"a person name component group has at most 64 characters: '{value}'." : null,
            "LO" or "SH" or "ST" or "LT" => MaxLength(value, vr.MaxLength),
            _ => null,
        };
    }

    private static string? MaxLength(string value, int max) =>
        value.Length <= max ? null : $"at most {max} characters are allowed, '{value}' has {value.Length}.";

    private static string? Range(string value, int maxLength, Func<string, bool> isValid, string what)
    {
        if (value.Length > maxLength)
        {
            return $"'{value}' is longer than {maxLength} characters.";
        }

        // A DT end may contain '-' in its UTC offset; a whole value is tried first, then each '-' as the separator.
        if (isValid(value) || RangeText.TrySplit(value, isValid, out _, out _))
        {
            return null;
        }

        return $"'{value}' is not {what}.";
    }

    private static bool HasForbiddenControl(DicomVR vr, string value)
    {
        var textBlock = vr.Code is "LT" or "ST" or "UT";
        foreach (var c in value)
        {
            if (c >= ' ' || c == '\u001b')
            {
                continue;
            }

            if (textBlock && c is '\r' or '\n' or '\t' or '\f')
            {
                continue;
            }

            return true;
        }

        return false;
    }

    private static string Printable(string value) =>
        string.Concat(value.Select(c => c < ' ' ? $"\\x{(int)c:X2}" : c.ToString()));
}
