using System.Globalization;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// The version of a patient or order update, compared as ordinal strings. The rule: the clinical event time first
/// (ADT: EVN-6 event occurred, else EVN-2 recorded; orders: ORC-9 transaction time), else MSH-7; then MSH-7; then
/// the time the edge agent stored the message (the bus message's CreatedAt), which orders messages the RIS stamped
/// alike. Times without an offset are read in the clinic's time (<see cref="ClinicClock.Read"/>). An update is applied only when its stamp is
/// greater than the stored one, so a late, older message never overwrites a newer state; an equal stamp is the same
/// message again.
/// </summary>
public static class VersionStamp
{
    public const string None = "";

    public static string For(Hl7DateTime? eventTime, Hl7DateTime? messageTime, DateTimeOffset arrivedAt, ClinicClock clinic)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Ticks(eventTime ?? messageTime, clinic):D19}.{Ticks(messageTime, clinic):D19}.{arrivedAt.UtcTicks:D19}");
    }

    public static bool IsNewer(string candidate, string? stored) => string.CompareOrdinal(candidate, stored ?? None) > 0;

    private static long Ticks(Hl7DateTime? value, ClinicClock clinic) => value is { } v ? clinic.Read(v).UtcTicks : 0;
}
