using System.Globalization;
using System.Text;

namespace CloudRisPacs.Hl7.Types;

/// <summary>
/// An HL7 date/time <c>YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]</c> with the precision it was given in and
/// its UTC offset when one was sent. <see cref="LocalValue"/> is the clock time as written (offset not applied).
/// </summary>
public readonly record struct Hl7DateTime
{
    private Hl7DateTime(DateTime localValue, Hl7DateTimePrecision precision, int fractionDigits, TimeSpan? offset)
    {
        LocalValue = localValue;
        Precision = precision;
        FractionDigits = fractionDigits;
        Offset = offset;
    }

    /// <summary>The date and clock time as written (kind Unspecified); parts beyond the precision are at their minimum.</summary>
    public DateTime LocalValue { get; }

    public Hl7DateTimePrecision Precision { get; }

    /// <summary>Fractional-second digits written (0 to 4).</summary>
    public int FractionDigits { get; }

    /// <summary>The UTC offset when the value carried one.</summary>
    public TimeSpan? Offset { get; }

    /// <summary>The instant, when an offset was given; null otherwise (the sender's local time zone is unknown here).</summary>
    public DateTimeOffset? ToDateTimeOffset() => Offset is { } offset ? new DateTimeOffset(LocalValue, offset) : null;

    /// <summary>The instant, taking <paramref name="assumedOffset"/> when the value has none.</summary>
    public DateTimeOffset ToDateTimeOffset(TimeSpan assumedOffset) => new(LocalValue, Offset ?? assumedOffset);

    /// <summary>The date part.</summary>
    public DateOnly Date => DateOnly.FromDateTime(LocalValue);

    public static Hl7DateTime FromDateTimeOffset(DateTimeOffset value, Hl7DateTimePrecision precision = Hl7DateTimePrecision.Second, bool includeOffset = true)
    {
        var digits = precision == Hl7DateTimePrecision.FractionOfSecond ? 4 : 0;
        var local = Truncate(value.DateTime, precision, digits);
        return new Hl7DateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), precision, digits, includeOffset ? value.Offset : null);
    }

    public static Hl7DateTime FromDate(DateOnly date) =>
        new(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Hl7DateTimePrecision.Day, 0, null);

    public static Hl7DateTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an HL7 date/time (YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ]).");

    public static bool TryParse(ReadOnlySpan<char> text, out Hl7DateTime value)
    {
        value = default;
        text = text.Trim();
        TimeSpan? offset = null;
        var sign = text.IndexOfAny('+', '-');
        if (sign >= 0)
        {
            var zone = text[(sign + 1)..];
            if (zone.Length != 4 || !TryDigits(zone, out _))
            {
                return false;
            }

            var zh = Number(zone, 0, 2, 0);
            var zm = Number(zone, 2, 2, 0);
            if (zh > 14 || zm > 59)
            {
                return false;
            }

            offset = new TimeSpan(zh, zm, 0) * (text[sign] == '-' ? -1 : 1);
            text = text[..sign];
        }

        var digits = text;
        var fraction = ReadOnlySpan<char>.Empty;
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            digits = text[..dot];
            fraction = text[(dot + 1)..];
            if (digits.Length != 14 || fraction.Length is < 1 or > 4 || !TryDigits(fraction, out _))
            {
                return false;
            }
        }

        if (digits.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !TryDigits(digits, out _))
        {
            return false;
        }

        var year = Number(digits, 0, 4, 1);
        var month = Number(digits, 4, 2, 1);
        var day = Number(digits, 6, 2, 1);
        var hour = Number(digits, 8, 2, 0);
        var minute = Number(digits, 10, 2, 0);
        var second = Number(digits, 12, 2, 0);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = 0L;
        if (!fraction.IsEmpty)
        {
            ticks = int.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture) * (long)Math.Pow(10, 7 - fraction.Length);
        }

        var precision = fraction.IsEmpty
            ? digits.Length switch
            {
                4 => Hl7DateTimePrecision.Year,
                6 => Hl7DateTimePrecision.Month,
                8 => Hl7DateTimePrecision.Day,
                10 => Hl7DateTimePrecision.Hour,
                12 => Hl7DateTimePrecision.Minute,
                _ => Hl7DateTimePrecision.Second,
            }
            : Hl7DateTimePrecision.FractionOfSecond;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        value = new Hl7DateTime(local, precision, fraction.Length, offset);
        return true;
    }

    /// <summary>The HL7 form, at the value's precision, with its offset when it has one.</summary>
    public override string ToString()
    {
        var format = Precision switch
        {
            Hl7DateTimePrecision.Year => "yyyy",
            Hl7DateTimePrecision.Month => "yyyyMM",
            Hl7DateTimePrecision.Day => "yyyyMMdd",
            Hl7DateTimePrecision.Hour => "yyyyMMddHH",
            Hl7DateTimePrecision.Minute => "yyyyMMddHHmm",
            Hl7DateTimePrecision.Second => "yyyyMMddHHmmss",
            _ => "yyyyMMddHHmmss." + new string('f', FractionDigits),
        };
        var text = new StringBuilder(LocalValue.ToString(format, CultureInfo.InvariantCulture));
        if (Offset is { } offset)
        {
            text.Append(offset < TimeSpan.Zero ? '-' : '+');
            var absolute = offset.Duration();
            text.Append(CultureInfo.InvariantCulture, $"{absolute.Hours:00}{absolute.Minutes:00}");
        }

        return text.ToString();
    }

    private static int Number(ReadOnlySpan<char> digits, int start, int length, int absent) =>
        digits.Length >= start + length ? int.Parse(digits.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture) : absent;

    private static bool TryDigits(ReadOnlySpan<char> text, out int count)
    {
        count = text.Length;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static DateTime Truncate(DateTime value, Hl7DateTimePrecision precision, int fractionDigits) => precision switch
    {
        Hl7DateTimePrecision.Year => new DateTime(value.Year, 1, 1),
        Hl7DateTimePrecision.Month => new DateTime(value.Year, value.Month, 1),
        Hl7DateTimePrecision.Day => value.Date,
        Hl7DateTimePrecision.Hour => value.Date.AddHours(value.Hour),
        Hl7DateTimePrecision.Minute => value.Date.AddHours(value.Hour).AddMinutes(value.Minute),
        Hl7DateTimePrecision.Second => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond)),
        _ => value.AddTicks(-(value.Ticks % (long)Math.Pow(10, 7 - fractionDigits))),
    };
}
