using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>The effective settings of one tenant: its registry overrides over the pipeline defaults.</summary>
public sealed record TenantPolicy(
    TenantId Tenant,
    Hl7FieldMap FieldMap,
    OrderStatusTable StatusTable,
    MissingStudyUidPolicy MissingStudyUid,
    MergedPatientPolicy MergedPatient,
    MatchingKey MatchingKey,
    string? PatientIdAuthority,
    ClinicClock Clock,
    TimeSpan OrderWithoutImagesAfter,
    TimeSpan StudyQuietPeriod,
    string RisApplication,
    string RisFacility)
{
    public static TenantPolicy Resolve(TenantId tenant, PipelineOptions defaults, TenantSettings settings)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(settings);
        return new TenantPolicy(
            tenant,
            settings.FieldMap ?? Hl7FieldMap.ForProfile(settings.MappingProfile ?? defaults.MappingProfile),
            new OrderStatusTable(settings.OrderStatusRules ?? defaults.OrderStatusRules ?? OrderStatusTable.DefaultRules),
            settings.MissingStudyUid ?? defaults.MissingStudyUid,
            settings.MergedPatient ?? defaults.MergedPatient,
            settings.MatchingKey ?? defaults.MatchingKey,
            settings.PatientIdAuthority,
            ClockOf(tenant, settings, defaults),
            settings.OrderWithoutImagesAfter ?? defaults.OrderWithoutImagesAfter,
            settings.StudyQuietPeriod ?? defaults.StudyQuietPeriod,
            settings.RisApplication ?? "RIS",
            settings.RisFacility ?? tenant.Value.ToUpperInvariant());
    }

    // The tenant's own setting wins over the defaults, and a time zone over a fixed offset (which cannot follow
    // daylight saving and is kept only for settings written before time zones).
    private static ClinicClock ClockOf(TenantId tenant, TenantSettings settings, PipelineOptions defaults)
    {
        if (settings.TimeZone is { } zone)
        {
            return ClinicClock.InZone(ClinicClock.FindTimeZone(zone, $"TimeZone of tenant '{tenant.Value}'"));
        }

        if (settings.UtcOffset is { } offset)
        {
            return ClinicClock.Fixed(offset);
        }

        return defaults.DefaultTimeZone is { } id
            ? ClinicClock.InZone(ClinicClock.FindTimeZone(id, "Pipeline:DefaultTimeZone"))
            : ClinicClock.Fixed(defaults.DefaultUtcOffset);
    }
}
