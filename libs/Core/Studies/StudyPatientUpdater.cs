using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// Propagates the cloud patient's identity and demographics to a study's index row and records a correction when
/// they differ. A version check keeps a late, older update from overwriting a newer one here too.
/// </summary>
public sealed class StudyPatientUpdater(StudyStore studies, CorrectionLog corrections)
{
    /// <summary>Gives the study to the patient (reconciliation, a manual link, a merge) with its identity and demographics.</summary>
    public Task PropagateAsync(TenantId tenant, string studyUid, string patientKey, PatientRecord patient, string cause, string causeId,
        CancellationToken cancellationToken) =>
        UpdateAsync(tenant, studyUid, patientKey, patient, cause, causeId, ownerOnly: false, cancellationToken);

    /// <summary>
    /// Brings a study of the patient up to the patient's changed demographics. A study another patient owns by now is left
    /// alone: a merge moved it to the survivor after the change committed, and the change describes the merged-away
    /// patient (propagating it would move the study back, with a correction telling the PACS to do the same).
    /// </summary>
    public Task RefreshAsync(TenantId tenant, string studyUid, string patientKey, PatientRecord patient, string cause, string causeId,
        CancellationToken cancellationToken) =>
        UpdateAsync(tenant, studyUid, patientKey, patient, cause, causeId, ownerOnly: true, cancellationToken);

    // The owner check is made on each read of the study row and the write is conditional on it, so a merge that moves
    // the study in between makes the write fail and the next read see the survivor.
    private async Task UpdateAsync(TenantId tenant, string studyUid, string patientKey, PatientRecord patient, string cause, string causeId,
        bool ownerOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        StudyRecord? before = null;
        var after = await studies.UpdateStudyAsync(tenant, studyUid, study =>
        {
            before = study;
            var sameVersion = study.PatientKey == patientKey && !VersionStamp.IsNewer(patient.Version, study.PatientVersion);
            var ownedByAnother = ownerOnly && study.PatientKey is not null && study.PatientKey != patientKey;
            if (sameVersion || ownedByAnother)
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
            await corrections.RecordAsync(tenant, cause, causeId, studyUid, CorrectedPatient.Of(before), CorrectedPatient.Of(after), cancellationToken).ConfigureAwait(false);
        }
    }
}
