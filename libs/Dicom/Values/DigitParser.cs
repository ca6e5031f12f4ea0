namespace CloudRisPacs.Dicom;

/// <summary>Parses fixed-width runs of ASCII digits (no signs, no spaces), as date and time components are written.</summary>
internal static class DigitParser
{
    public static bool TryParse(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
