using CloudRisPacs.Core.Studies;

namespace CloudRisPacs.Core.Patients;

/// <summary>A study's patient attributes on one side of a correction: everything a PACS rewrites in the stored instances.</summary>
public sealed record CorrectedPatient(string? PatientId, string? PatientName, string? IssuerOfPatientId = null, string? PatientBirthDate = null,
    string? PatientSex = null)
{
    public static CorrectedPatient Of(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return new(study.PatientId, study.PatientName, study.IssuerOfPatientId, study.PatientBirthDate, study.PatientSex);
    }
}
