namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// One scheduled procedure step as a modality sees it in the Modality Worklist. Values are in DICOM form: person names
/// as PN (<c>Family^Given^Middle^Prefix^Suffix</c>), dates <c>yyyyMMdd</c>, times <c>HHmmss</c> in the clinic's local
/// time (DICOM worklist times carry no offset). <see cref="ItemKey"/> is stable per step; <see cref="Version"/> grows
/// with every change so the edge applies a late, older change never over a newer one.
/// </summary>
public sealed record WorklistItem
{
    public required string ItemKey { get; init; }

    public required long Version { get; init; }

    public required string PatientName { get; init; }

    public required string PatientId { get; init; }

    public string? IssuerOfPatientId { get; init; }

    public string? PatientBirthDate { get; init; }

    public string? PatientSex { get; init; }

    public required string AccessionNumber { get; init; }

    public string? RequestedProcedureId { get; init; }

    public string? RequestedProcedureDescription { get; init; }

    public IReadOnlyList<DicomCode> RequestedProcedureCodes { get; init; } = [];

    public required string StudyInstanceUid { get; init; }

    public string? ReferringPhysicianName { get; init; }

    /// <summary>Requested Procedure Priority: STAT, HIGH, ROUTINE, MEDIUM or LOW.</summary>
    public string? Priority { get; init; }

    public required string ScheduledProcedureStepId { get; init; }

    public string? ScheduledProcedureStepDescription { get; init; }

    public IReadOnlyList<DicomCode> ScheduledProtocolCodes { get; init; } = [];

    public required string Modality { get; init; }

    public string? ScheduledStationAeTitle { get; init; }

    public string? ScheduledStationName { get; init; }

    public string? ScheduledPerformingPhysicianName { get; init; }

    public required string ScheduledStartDate { get; init; }

    public string? ScheduledStartTime { get; init; }

    /// <summary>Scheduled Procedure Step Status: SCHEDULED, ARRIVED, READY, STARTED ...</summary>
    public string Status { get; init; } = "SCHEDULED";

    public string? PlacerOrderNumber { get; init; }

    public string? FillerOrderNumber { get; init; }
}
