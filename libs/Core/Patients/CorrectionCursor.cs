using System.Globalization;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// Where a poll of the corrections resumes: after a <see cref="CorrectionEntry.Sequence"/> number, or (the older form)
/// after an <see cref="CorrectionEntry.At"/> time. Both only grow in the order corrections are committed, so neither
/// passes over one committed later.
/// </summary>
public readonly record struct CorrectionCursor
{
    private CorrectionCursor(long? sequence, DateTimeOffset? at)
    {
        Sequence = sequence;
        At = at;
    }

    public long? Sequence { get; }

    public DateTimeOffset? At { get; }

    public static CorrectionCursor AfterSequence(long sequence) => new(sequence, null);

    public static CorrectionCursor AfterTime(DateTimeOffset at) => new(null, at);

    /// <summary>A whole number is a sequence number; anything else must be an ISO 8601 time (UTC unless it says otherwise).</summary>
    public static bool TryParse(string text, out CorrectionCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            cursor = AfterSequence(sequence);
            return true;
        }

        var isTime = DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at);
        cursor = isTime ? AfterTime(at) : default;
        return isTime;
    }

    public bool IsBefore(CorrectionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Sequence is { } sequence ? entry.Sequence > sequence : entry.At > At;
    }
}
