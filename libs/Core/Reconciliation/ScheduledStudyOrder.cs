namespace CloudRisPacs.Core.Reconciliation;

/// <summary>An order that scheduled a Study Instance UID, from the study UID index.</summary>
public sealed record ScheduledStudyOrder(string PatientKey, string OrderKey, string Accession);
