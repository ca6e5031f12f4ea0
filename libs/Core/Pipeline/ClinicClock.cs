using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// A clinic's civil time: an IANA time zone (daylight saving included) or, for settings from before time zones, a fixed
/// UTC offset. Times the cloud writes to the RIS are in it; HL7 times the RIS sends without an offset are read in it.
/// </summary>
public sealed class ClinicClock
{
    private ClinicClock(TimeZoneInfo? timeZone, TimeSpan fixedOffset)
    {
        TimeZone = timeZone;
        FixedOffset = fixedOffset;
    }

    /// <summary>The time zone; null when the clinic has only a fixed offset.</summary>
    public TimeZoneInfo? TimeZone { get; }

    /// <summary>The offset used when there is no <see cref="TimeZone"/>.</summary>
    public TimeSpan FixedOffset { get; }

    public static ClinicClock Fixed(TimeSpan offset) => new(null, offset);

    public static ClinicClock InZone(TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        return new(timeZone, timeZone.BaseUtcOffset);
    }

    /// <summary>
    /// The time zone named by <paramref name="id"/> (IANA, for example <c>Europe/Berlin</c>); a clear
    /// <see cref="InvalidOperationException"/> naming <paramref name="setting"/> when it is unknown.
    /// </summary>
    public static TimeZoneInfo FindTimeZone(string id, string setting)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (TryFindTimeZone(id, out var zone))
        {
            return zone;
        }

        throw new InvalidOperationException($"{setting} '{id}' is not a known IANA time zone id (for example 'Europe/Berlin').");
    }

    public static bool TryFindTimeZone(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Trim() != id)
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>The instant as the clinic's wall clock shows it, with the offset in force at that instant.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) =>
        TimeZone is null ? instant.ToOffset(FixedOffset) : TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>
    /// An HL7 time as an instant: its own offset when it has one, else the clinic's offset at that wall-clock time (a
    /// time repeated or skipped by a daylight saving change is read with the standard offset).
    /// </summary>
    public DateTimeOffset Read(Hl7DateTime value)
    {
        if (value.Offset is not null || TimeZone is null)
        {
            return value.ToDateTimeOffset(FixedOffset);
        }

        return value.ToDateTimeOffset(TimeZone.GetUtcOffset(value.LocalValue));
    }
}
