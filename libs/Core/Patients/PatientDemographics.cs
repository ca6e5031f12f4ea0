namespace CloudRisPacs.Core.Patients;

/// <summary>Demographics in DICOM form: PN name (<c>Family^Given^Middle^Prefix^Suffix</c>), DA birth date, sex M/F/O.</summary>
public sealed record PatientDemographics(string Name, string? BirthDate, string? Sex)
{
    public static PatientDemographics Unknown { get; } = new(string.Empty, null, null);
}
