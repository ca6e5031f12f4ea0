using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// Propagates the cloud patient's identity and demographics to a study's index row and records a correction when
/// they differ. A version check keeps a late, older update from overwriting a newer one here too.
/// </summary>
public sealed class StudyPatientUpdater(StudyStore studies, CorrectionLog corrections)
{
    public async Task PropagateAsync(TenantId tenant, string studyUid, string patientKey, PatientRecord patient, string cause, string causeId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        StudyRecord? before = null;
        var after = await studies.UpdateStudyAsync(tenant, studyUid, study =>
        {
            before = study;
            var sameVersion = study.PatientKey == patientKey && !VersionStamp.IsNewer(patient.Version, study.PatientVersion);
            if (sameVersion)
            {
                return study;
            }

            return study with
            {
                PatientKey = patientKey,
                PatientVersion = patient.Version,
                PatientId = patient.Identity.Id,
                IssuerOfPatientId = patient.Identity.Issuer.Length == 0 ? study.IssuerOfPatientId : patient.Identity.Issuer,
                PatientName = patient.Demographics.Name.Length == 0 ? study.PatientName : patient.Demographics.Name,
                PatientBirthDate = patient.Demographics.BirthDate ?? study.PatientBirthDate,
                PatientSex = patient.Demographics.Sex ?? study.PatientSex,
            };
        }, cancellationToken).ConfigureAwait(false);

        if (before is not null && after is not null
            && (before.PatientId != after.PatientId || before.PatientName != after.PatientName
                || before.PatientBirthDate != after.PatientBirthDate || before.PatientSex != after.PatientSex))
        {
            await corrections.RecordAsync(tenant, cause, causeId, studyUid, before.PatientId, after.PatientId, before.PatientName, after.PatientName,
                cancellationToken).ConfigureAwait(false);
        }
    }
}
