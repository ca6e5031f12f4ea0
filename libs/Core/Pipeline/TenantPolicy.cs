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
    TimeSpan UtcOffset,
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
            settings.UtcOffset ?? defaults.DefaultUtcOffset,
            settings.OrderWithoutImagesAfter ?? defaults.OrderWithoutImagesAfter,
            settings.StudyQuietPeriod ?? defaults.StudyQuietPeriod,
            settings.RisApplication ?? "RIS",
            settings.RisFacility ?? tenant.Value.ToUpperInvariant());
    }
}
