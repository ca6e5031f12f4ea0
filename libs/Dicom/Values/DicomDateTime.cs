using System.Globalization;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A DT value (PS3.5 table 6.2-1): <c>YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&amp;ZZXX]</c>, keeping the precision and
/// the UTC offset when one was given.
/// </summary>
public readonly record struct DicomDateTime
{
    public DicomDateTime(DicomDate date, DicomTime? time = null, TimeSpan? offset = null)
    {
        if (time is not null && date.Precision != DicomDateTimePrecision.Day)
        {
            throw new ArgumentException("A date time with a time part needs a complete date.", nameof(time));
        }

        if (offset is { } value && (value.Ticks % TimeSpan.TicksPerMinute != 0 || value < TimeSpan.FromHours(-12) || value > TimeSpan.FromHours(14)))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "A UTC offset is whole minutes between -12:00 and +14:00.");
        }

        Date = date;
        Time = time;
        Offset = offset;
    }

    public DicomDate Date { get; }

    public DicomTime? Time { get; }

    /// <summary>The offset from UTC written in the value, or null when absent (then Timezone Offset From UTC applies).</summary>
    public TimeSpan? Offset { get; }

    public DicomDateTimePrecision Precision => Time?.Precision ?? Date.Precision;

    public static DicomDateTime FromDateTimeOffset(DateTimeOffset value) =>
        new(DicomDate.FromDateOnly(DateOnly.FromDateTime(value.DateTime)), DicomTime.FromTimeOnly(TimeOnly.FromDateTime(value.DateTime)), value.Offset);

    public static DicomDateTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a DICOM date time (YYYYMMDDHHMMSS.FFFFFF&ZZXX).");

    public static bool TryParse(string? text, out DicomDateTime value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        TimeSpan? offset = null;
        var sign = span.IndexOfAny('+', '-');
        if (sign >= 0)
        {
            var zone = span[(sign + 1)..];
            if (zone.Length != 4 || !DigitParser.TryParse(zone[..2], out var hours) || !DigitParser.TryParse(zone[2..], out var minutes) || minutes > 59)
            {
                return false;
            }

            // "-0000" is not allowed (UTC is "+0000"), but it says UTC all the same: read as +0000, never written.
            var magnitude = new TimeSpan(hours, minutes, 0);
            offset = span[sign] == '-' ? -magnitude : magnitude;
            if (offset < TimeSpan.FromHours(-12) || offset > TimeSpan.FromHours(14))
            {
                return false;
            }

            span = span[..sign];
        }

        var dot = span.IndexOf('.');
        var digits = dot >= 0 ? dot : span.Length;
        if (digits is not (4 or 6 or 8 or 10 or 12 or 14) || (dot >= 0 && digits != 14))
        {
            return false;
        }

        if (!DicomDate.TryParse(span[..Math.Min(8, digits)].ToString(), out var date))
        {
            return false;
        }

        DicomTime? time = null;
        if (digits > 8)
        {
            if (!DicomTime.TryParseCompact(span[8..], out var parsed))
            {
                return false;
            }

            time = parsed;
        }

        value = new DicomDateTime(date, time, offset);
        return true;
    }

    /// <summary>
    /// Whether the value ends in the offset "-0000", which PS3.5 table 6.2-1 does not allow: the offset for UTC is
    /// "+0000" and the RFC 2822 "-0000" is not allowed (note 2).
    /// </summary>
    internal static bool HasNegativeZeroOffset(string text) => text.AsSpan().TrimEnd().EndsWith("-0000", StringComparison.Ordinal);

    /// <summary>
    /// The instant, with missing components at their lowest value and <paramref name="defaultOffset"/> (UTC when
    /// null) when the value has no offset.
    /// </summary>
    public DateTimeOffset ToDateTimeOffset(TimeSpan? defaultOffset = null)
    {
        var date = Date.ToDateOnly();
        var time = Time?.ToTimeOnly() ?? TimeOnly.MinValue;
        return new DateTimeOffset(date.ToDateTime(time), Offset ?? defaultOffset ?? TimeSpan.Zero);
    }

    public override string ToString()
    {
        var text = Date.ToString() + (Time?.ToString() ?? string.Empty);
        if (Offset is { } offset)
        {
            var sign = offset < TimeSpan.Zero ? '-' : '+';
            var magnitude = offset.Duration();
            text += string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude.Hours:D2}{magnitude.Minutes:D2}");
        }

        return text;
    }
}
