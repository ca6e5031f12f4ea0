using System.Globalization;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A DA value (PS3.5 table 6.2-1): <c>YYYYMMDD</c>. Reading also accepts the ACR-NEMA form <c>YYYY.MM.DD</c> and
/// the partial forms <c>YYYY</c> and <c>YYYYMM</c>, recording the precision that was present.
/// </summary>
public readonly record struct DicomDate
{
    public DicomDate(int year, int month = 1, int day = 1, DicomDateTimePrecision precision = DicomDateTimePrecision.Day)
    {
        if (precision > DicomDateTimePrecision.Day)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "A date is precise to the year, month or day.");
        }

        // Validates the calendar date (throws ArgumentOutOfRangeException).
        _ = new DateOnly(year, month, day);
        Year = year;
        Month = month;
        Day = day;
        Precision = precision;
    }

    public int Year { get; }

    public int Month { get; }

    public int Day { get; }

    public DicomDateTimePrecision Precision { get; }

    public static DicomDate FromDateOnly(DateOnly date) => new(date.Year, date.Month, date.Day);

    public static DicomDate Parse(string text) =>
        TryParse(text, out var date) ? date : throw new FormatException($"'{text}' is not a DICOM date (YYYYMMDD).");

    public static bool TryParse(string? text, out DicomDate date)
    {
        date = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length == 10 && span[4] == '.' && span[7] == '.')
        {
            return TryCreate(span[..4], span[5..7], span[8..], out date);
        }

        return span.Length switch
        {
            8 => TryCreate(span[..4], span[4..6], span[6..], out date),
            6 => TryCreate(span[..4], span[4..6], default, out date),
            4 => TryCreate(span, default, default, out date),
            _ => false,
        };
    }

    /// <summary>
    /// DA text with each ACR-NEMA date "YYYY.MM.DD" (a value or a range end; PS3.5 6.2, DA note) in the standard form
    /// YYYYMMDD, which is what this library writes; the text itself when it holds none.
    /// </summary>
    internal static string Standardize(string text)
    {
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            return text;
        }

        // In DA, '\' separates values and '-' the ends of a range; neither occurs inside a date.
        return string.Join('\\', text.Split('\\').Select(value => string.Join('-', value.Split('-').Select(end =>
            end.Trim().Length == 10 && TryParse(end, out var date) ? date.ToString() : end))));
    }

    public DateOnly ToDateOnly() => new(Year, Month, Day);

    /// <summary>The value as written: <c>YYYYMMDD</c> (or fewer digits for a partial date).</summary>
    public override string ToString() => Precision switch
    {
        DicomDateTimePrecision.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        DicomDateTimePrecision.Month => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}{Month:D2}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}{Month:D2}{Day:D2}"),
    };

    private static bool TryCreate(ReadOnlySpan<char> year, ReadOnlySpan<char> month, ReadOnlySpan<char> day, out DicomDate date)
    {
        date = default;
        if (!DigitParser.TryParse(year, out var y) || y < 1)
        {
            return false;
        }

        var m = 1;
        var d = 1;
        var precision = DicomDateTimePrecision.Year;
        if (!month.IsEmpty)
        {
            if (!DigitParser.TryParse(month, out m) || m is < 1 or > 12)
            {
                return false;
            }

            precision = DicomDateTimePrecision.Month;
        }

        if (!day.IsEmpty)
        {
            if (!DigitParser.TryParse(day, out d) || d < 1 || d > DateTime.DaysInMonth(y, m))
            {
                return false;
            }

            precision = DicomDateTimePrecision.Day;
        }

        date = new DicomDate(y, m, d, precision);
        return true;
    }
}
