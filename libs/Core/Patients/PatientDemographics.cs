namespace CloudRisPacs.Core.Patients;

/// <summary>Demographics in DICOM form: PN name (<c>Family^Given^Middle^Prefix^Suffix</c>), DA birth date, sex M/F/O.</summary>
/// <remarks>
/// An empty birth date or sex is a value: the RIS deleted it (HL7 <c>""</c>) or reported the sex unknown (U); it replaces a
/// stored one and empties the study's. Null is a value not sent, which changes nothing.
/// Birth date and sex default to null because the row JSON leaves nulls out: without the defaults a patient stored without
/// them (a merge pointer for an unknown prior id, a PID without PID-7 or PID-8) could not be read back.
/// </remarks>
public sealed record PatientDemographics(string Name, string? BirthDate = null, string? Sex = null)
{
    public static PatientDemographics Unknown { get; } = new(string.Empty);
}
