namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// An inclusive range of instants for DA, TM and DT matching (PS3.4 C.2.2.2.5), in ticks: dates from day 0, times from
/// midnight, date-times in UTC. A value with less precision covers its whole unit ("2024" is all of 2024), so a single
/// value is a range too; an open end is unbounded.
/// </summary>
internal readonly record struct DateTimeRange(long? From, long? To)
{
    public bool Contains(long instant) => (From is null || instant >= From) && (To is null || instant <= To);

    /// <summary>A TM range whose start is after its end runs across midnight.</summary>
    public bool ContainsTimeOfDay(long instant) =>
        From is { } from && To is { } to && from > to ? instant >= from || instant <= to : Contains(instant);

    /// <summary>Parses a key value of the VR: "A", "A-B", "-B" or "A-". Null when it is not one.</summary>
    public static DateTimeRange? Parse(string text, DicomVR vr)
    {
        text = text.Trim();
        if (Unit(text, vr) is { } single)
        {
            return new DateTimeRange(single.From, single.To);
        }

        return RangeText.TrySplit(text, end => Unit(end, vr) is not null, out var left, out var right)
            ? new DateTimeRange(left.Length == 0 ? null : Unit(left, vr)!.Value.From, right.Length == 0 ? null : Unit(right, vr)!.Value.To)
            : null;
    }

    /// <summary>The instant a stored value stands for (the start of its precision), or null when it is not a value of the VR.</summary>
    public static long? Instant(string text, DicomVR vr) => Unit(text, vr)?.From;

    public static long DayTicks(DicomDate date) => date.ToDateOnly().DayNumber * TimeSpan.TicksPerDay;

    public static long TimeTicks(DicomTime time) => time.ToTimeOnly().Ticks;

    public static long EndOfTime(DicomTime time) => TimeTicks(time) + Span(time.Precision, time.FractionDigits) - 1;

    public static long EndOfDay(DicomDate date) => date.Precision switch
    {
        DicomDateTimePrecision.Year => new DateOnly(date.Year, 12, 31).DayNumber * TimeSpan.TicksPerDay,
        DicomDateTimePrecision.Month => new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month)).DayNumber * TimeSpan.TicksPerDay,
        _ => DayTicks(date),
    } + TimeSpan.TicksPerDay - 1;

    private static (long From, long To)? Unit(string text, DicomVR vr)
    {
        if (vr == DicomVR.DA)
        {
            return DicomDate.TryParse(text, out var date) ? (DayTicks(date), EndOfDay(date)) : null;
        }

        if (vr == DicomVR.TM)
        {
            return DicomTime.TryParse(text, out var time) ? (TimeTicks(time), EndOfTime(time)) : null;
        }

        return vr == DicomVR.DT && DicomDateTime.TryParse(text, out var dateTime) ? (Start(dateTime), End(dateTime)) : null;
    }

    private static long Start(DicomDateTime value) => value.ToDateTimeOffset().UtcTicks;

    private static long End(DicomDateTime value)
    {
        var start = value.ToDateTimeOffset();
        var end = value.Time is { } time
            ? start.AddTicks(Span(time.Precision, time.FractionDigits))
            : value.Date.Precision switch
            {
                DicomDateTimePrecision.Year => start.AddYears(1),
                DicomDateTimePrecision.Month => start.AddMonths(1),
                _ => start.AddDays(1),
            };
        return end.UtcTicks - 1;
    }

    private static long Span(DicomDateTimePrecision precision, int fractionDigits) => precision switch
    {
        DicomDateTimePrecision.Hour => TimeSpan.TicksPerHour,
        DicomDateTimePrecision.Minute => TimeSpan.TicksPerMinute,
        DicomDateTimePrecision.Second => TimeSpan.TicksPerSecond,
        DicomDateTimePrecision.Fraction => Math.Max(1, TimeSpan.TicksPerSecond / (long)Math.Pow(10, fractionDigits)),
        _ => TimeSpan.TicksPerDay,
    };
}
