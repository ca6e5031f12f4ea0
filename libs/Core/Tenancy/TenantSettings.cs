using CloudRisPacs.Core.Pipeline;

namespace CloudRisPacs.Core.Tenancy;

/// <summary>
/// A tenant's overrides of the pipeline defaults (<see cref="PipelineOptions"/>), stored as JSON in its registry row.
/// Every member is optional: null keeps the default. RIS vendors differ, so the HL7 field mapping, the order-status
/// table and the policies for ambiguous cases can be set per clinic.
/// </summary>
public sealed record TenantSettings
{
    /// <summary>Name of a built-in mapping profile (<see cref="Hl7FieldMap.ProfileNames"/>), or null for the default.</summary>
    public string? MappingProfile { get; init; }

    /// <summary>A complete custom field map; wins over <see cref="MappingProfile"/>.</summary>
    public Hl7FieldMap? FieldMap { get; init; }

    /// <summary>A complete custom ORC-1/ORC-5 → step status table; null keeps the default table.</summary>
    public IReadOnlyList<OrderStatusRule>? OrderStatusRules { get; init; }

    public MissingStudyUidPolicy? MissingStudyUid { get; init; }

    public MergedPatientPolicy? MergedPatient { get; init; }

    public MatchingKey? MatchingKey { get; init; }

    /// <summary>Assigning authority (PID-3.4 namespace) whose identifier is the patient id; null takes the first PID-3.</summary>
    public string? PatientIdAuthority { get; init; }

    /// <summary>
    /// The clinic's IANA time zone, for example <c>Europe/Berlin</c>: times sent to the RIS are written in it with the
    /// offset in force at that instant (daylight saving included), HL7 times without an offset and worklist dates are
    /// read in it. Wins over <see cref="UtcOffset"/>.
    /// </summary>
    public string? TimeZone { get; init; }

    /// <summary>
    /// A fixed UTC offset of the clinic, for example <c>+01:00</c>, used when <see cref="TimeZone"/> is not set. It
    /// cannot follow daylight saving: set <see cref="TimeZone"/> instead (this one is kept for existing settings).
    /// </summary>
    public TimeSpan? UtcOffset { get; init; }

    public TimeSpan? OrderWithoutImagesAfter { get; init; }

    public TimeSpan? StudyQuietPeriod { get; init; }

    /// <summary>Receiving application and facility (MSH-5/6) of messages the cloud sends to this clinic's RIS.</summary>
    public string? RisApplication { get; init; }

    public string? RisFacility { get; init; }

    /// <summary>What is wrong with these settings, each problem naming the tenant; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate(TenantId tenant) =>
        TimeZone is { } zone && !ClinicClock.TryFindTimeZone(zone, out _)
            ? [$"TimeZone '{zone}' of tenant '{tenant.Value}' is not a known IANA time zone id (for example 'Europe/Berlin')."]
            : [];
}
