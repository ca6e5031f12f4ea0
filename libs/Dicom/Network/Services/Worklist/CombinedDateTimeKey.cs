namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// A date key and a time key matched as one date-time (PS3.4 C.2.2.2.5.1): from the first date at the first time to the
/// last date at the last time; missing time bounds are the start and the end of the day; a time range across midnight
/// on one date is that night. The range is parsed once; a key pair that is not a valid range matches nothing.
/// </summary>
internal sealed class CombinedDateTimeKey
{
    private readonly DicomTag dateTag;
    private readonly DicomTag timeTag;
    private readonly DateTimeRange? range;

    private CombinedDateTimeKey(DicomTag dateTag, DicomTag timeTag, DateTimeRange? range)
    {
        this.dateTag = dateTag;
        this.timeTag = timeTag;
        this.range = range;
    }

    /// <summary>The pair when both keys hold a single value (not empty, not "*", not a list), otherwise null.</summary>
    public static CombinedDateTimeKey? For(DicomDataset keys, DicomTag dateTag, DicomTag timeTag)
    {
        if (SingleValue(keys, dateTag) is not { } dateKey || SingleValue(keys, timeTag) is not { } timeKey)
        {
            return null;
        }

        DateTimeRange? range = null;
        if (TryBounds<DicomDate>(dateKey, DicomDate.TryParse, out var fromDate, out var toDate) && TryBounds<DicomTime>(timeKey, DicomTime.TryParse, out var fromTime, out var toTime))
        {
            var lower = fromDate is { } from ? DateTimeRange.DayTicks(from) + (fromTime is { } start ? DateTimeRange.TimeTicks(start) : 0) : (long?)null;
            var upper = toDate is { } to
                ? DateTimeRange.EndOfDay(to) - TimeSpan.TicksPerDay + 1 + (toTime is { } end ? DateTimeRange.EndOfTime(end) : TimeSpan.TicksPerDay - 1)
                : (long?)null;
            if (lower > upper && fromTime is { } nightStart && toTime is { } nightEnd && DateTimeRange.TimeTicks(nightStart) > DateTimeRange.TimeTicks(nightEnd))
            {
                // One date with a time range across midnight ("20240315", "2200-0200"): the night that starts that day,
                // as the time key alone reads it. Taken literally the range would be empty and match nothing, silently.
                upper += TimeSpan.TicksPerDay;
            }

            range = new DateTimeRange(lower, upper);
        }

        return new CombinedDateTimeKey(dateTag, timeTag, range);
    }

    public bool Covers(DicomTag tag) => tag == dateTag || tag == timeTag;

    public bool Matches(DicomDataset candidate) =>
        range is { } bounds
        && DicomDate.TryParse(candidate.GetString(dateTag), out var date)
        && DicomTime.TryParse(candidate.GetString(timeTag), out var time)
        && bounds.Contains(DateTimeRange.DayTicks(date) + DateTimeRange.TimeTicks(time));

    private static string? SingleValue(DicomDataset keys, DicomTag tag) =>
        keys.GetElement(tag) is { Length: > 0 } element && element.ValueVR.IsText && element.GetText(keys.CharacterSet).Trim() is { Length: > 0 } text && text != "*" && !text.Contains('\\', StringComparison.Ordinal)
            ? text
            : null;

    private delegate bool Parser<T>(string? text, out T value);

    /// <summary>"A", "A-B", "-B" or "A-": false when a side is not a value or both are missing.</summary>
    private static bool TryBounds<T>(string key, Parser<T> parse, out T? from, out T? to)
        where T : struct
    {
        from = null;
        to = null;
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        var left = dash < 0 ? key : key[..dash].Trim();
        var right = dash < 0 ? key : key[(dash + 1)..].Trim();
        if (left.Length > 0)
        {
            if (!parse(left, out var start))
            {
                return false;
            }

            from = start;
        }

        if (right.Length > 0)
        {
            if (!parse(right, out var end))
            {
                return false;
            }

            to = end;
        }

        return from is not null || to is not null;
    }
}
