using System.Globalization;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A TM value (PS3.5 table 6.2-1): <c>HH[MM[SS[.F{1,6}]]]</c>. Reading also accepts the ACR-NEMA form
/// <c>HH:MM:SS.frac</c>. The precision and the number of fraction digits written are kept.
/// </summary>
public readonly record struct DicomTime
{
    public DicomTime(int hour, int minute = 0, int second = 0, int microsecond = 0, DicomDateTimePrecision precision = DicomDateTimePrecision.Second, int fractionDigits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)hour, 23u, nameof(hour));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)minute, 59u, nameof(minute));

        // PS3.5 allows a leap second: 60.
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)second, 60u, nameof(second));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)microsecond, 999_999u, nameof(microsecond));
        if (precision is < DicomDateTimePrecision.Hour)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "A time is precise to the hour, minute, second or fraction.");
        }

        if (precision == DicomDateTimePrecision.Fraction)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(fractionDigits, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(fractionDigits, 6);
        }

        Hour = hour;
        Minute = minute;
        Second = second;
        Microsecond = microsecond;
        Precision = precision;
        FractionDigits = precision == DicomDateTimePrecision.Fraction ? fractionDigits : 0;
    }

    public int Hour { get; }

    public int Minute { get; }

    public int Second { get; }

    /// <summary>The fraction of the second in microseconds.</summary>
    public int Microsecond { get; }

    public DicomDateTimePrecision Precision { get; }

    /// <summary>How many fraction digits the value had (1 to 6), 0 without a fraction.</summary>
    public int FractionDigits { get; }

    /// <summary>A time precise to the microsecond (six fraction digits).</summary>
    public static DicomTime FromTimeOnly(TimeOnly time) =>
        new(time.Hour, time.Minute, time.Second, (int)(time.Ticks % TimeSpan.TicksPerSecond / 10), DicomDateTimePrecision.Fraction, 6);

    public static DicomTime Parse(string text) =>
        TryParse(text, out var time) ? time : throw new FormatException($"'{text}' is not a DICOM time (HHMMSS.FFFFFF).");

    public static bool TryParse(string? text, out DicomTime time)
    {
        time = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Contains(':'))
        {
            // ACR-NEMA: HH:MM[:SS[.frac]]
            var compact = string.Concat(span.ToString().Split(':'));
            return TryParseCompact(compact, out time);
        }

        return TryParseCompact(span, out time);
    }

    /// <summary>A leap second (60) becomes 59.999999 because <see cref="TimeOnly"/> lacks it.</summary>
    public TimeOnly ToTimeOnly() => Second == 60
        ? new TimeOnly(Hour, Minute, 59).Add(TimeSpan.FromTicks(9_999_990))
        : new TimeOnly(Hour, Minute, Second).Add(TimeSpan.FromTicks(Microsecond * 10L));

    public override string ToString()
    {
        var text = Precision switch
        {
            DicomDateTimePrecision.Hour => Hour.ToString("D2", CultureInfo.InvariantCulture),
            DicomDateTimePrecision.Minute => string.Create(CultureInfo.InvariantCulture, $"{Hour:D2}{Minute:D2}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Hour:D2}{Minute:D2}{Second:D2}"),
        };
        return Precision == DicomDateTimePrecision.Fraction ? text + "." + FormatFraction(Microsecond, FractionDigits) : text;
    }

    internal static string FormatFraction(int microsecond, int digits) =>
        microsecond.ToString("D6", CultureInfo.InvariantCulture)[..digits];

    internal static bool TryParseCompact(ReadOnlySpan<char> span, out DicomTime time)
    {
        time = default;
        var dot = span.IndexOf('.');
        var whole = dot >= 0 ? span[..dot] : span;
        var fraction = dot >= 0 ? span[(dot + 1)..] : default;
        if (whole.Length is not (2 or 4 or 6) || (dot >= 0 && (whole.Length != 6 || fraction.Length is < 1 or > 6)))
        {
            return false;
        }

        if (!DigitParser.TryParse(whole[..2], out var hour) || hour > 23)
        {
            return false;
        }

        var minute = 0;
        var second = 0;
        var microsecond = 0;
        var precision = DicomDateTimePrecision.Hour;
        if (whole.Length >= 4)
        {
            if (!DigitParser.TryParse(whole[2..4], out minute) || minute > 59)
            {
                return false;
            }

            precision = DicomDateTimePrecision.Minute;
        }

        if (whole.Length == 6)
        {
            if (!DigitParser.TryParse(whole[4..6], out second) || second > 60)
            {
                return false;
            }

            precision = DicomDateTimePrecision.Second;
        }

        if (dot >= 0)
        {
            if (!DigitParser.TryParse(fraction, out var digits))
            {
                return false;
            }

            for (var i = fraction.Length; i < 6; i++)
            {
                digits *= 10;
            }

            microsecond = digits;
            precision = DicomDateTimePrecision.Fraction;
        }

        time = new DicomTime(hour, minute, second, microsecond, precision, dot >= 0 ? fraction.Length : 0);
        return true;
    }
}
