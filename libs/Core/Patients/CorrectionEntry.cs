namespace CloudRisPacs.Core.Patients;

/// <summary>
/// A study's patient attributes changed in the index (cause <c>demographics</c>, <c>merge</c> or a reconciliation), with
/// the values before and after (id, issuer, name, birth date, sex), so the PACS can apply the same change to the stored instances. <see cref="Sequence"/>
/// numbers a tenant's corrections 1, 2, 3… in the order they were committed (0 for rows written before it existed);
/// <see cref="At"/> is the writer's clock, moved on where needed so it never goes back from one correction to the next.
/// </summary>
public sealed record CorrectionEntry(
    string Cause,
    string CauseId,
    string StudyInstanceUid,
    string? OldPatientId,
    string? NewPatientId,
    string? OldPatientName,
    string? NewPatientName,
    string? OldIssuerOfPatientId,
    string? NewIssuerOfPatientId,
    string? OldPatientBirthDate,
    string? NewPatientBirthDate,
    string? OldPatientSex,
    string? NewPatientSex,
    DateTimeOffset At,
    long Sequence);
