namespace CloudRisPacs.Core.Patients;

/// <summary>
/// A study's patient attributes changed in the index (cause <c>demographics</c>, <c>merge</c> or a reconciliation), with
/// the values before and after, so the PACS can apply the same change to the stored instances.
/// </summary>
public sealed record CorrectionEntry(
    string Cause,
    string CauseId,
    string StudyInstanceUid,
    string? OldPatientId,
    string? NewPatientId,
    string? OldPatientName,
    string? NewPatientName,
    DateTimeOffset At);
