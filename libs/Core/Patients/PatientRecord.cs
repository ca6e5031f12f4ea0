namespace CloudRisPacs.Core.Patients;

/// <summary>The <c>patient</c> row of a patient partition.</summary>
public sealed record PatientRecord
{
    public required PatientIdentity Identity { get; init; }

    public PatientDemographics Demographics { get; init; } = PatientDemographics.Unknown;

    /// <summary>The <see cref="VersionStamp"/> of the demographics.</summary>
    public string Version { get; init; } = VersionStamp.None;

    /// <summary>Key of the patient this one was merged into (A40), or null.</summary>
    public string? MergedInto { get; init; }

    /// <summary>Grows with every write to the partition: the partition's optimistic lock.</summary>
    public long Revision { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
