namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.DicomMpps"/>: a Modality Performed Procedure Step N-CREATE or N-SET the edge
/// accepted. <see cref="Attributes"/> is the request dataset in the DICOM JSON model (PS3.18 F.2) so the cloud keeps
/// everything the modality sent; the other fields are the ones the pipeline acts on.
/// </summary>
public sealed record MppsEvent
{
    /// <summary>Affected SOP Instance UID of the MPPS.</summary>
    public required string MppsInstanceUid { get; init; }

    /// <summary><c>create</c> (N-CREATE) or <c>set</c> (N-SET).</summary>
    public required string Operation { get; init; }

    /// <summary>Performed Procedure Step Status after the operation: IN PROGRESS, COMPLETED or DISCONTINUED.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<string> AccessionNumbers { get; init; } = [];

    public IReadOnlyList<string> StudyInstanceUids { get; init; } = [];

    /// <summary>
    /// The scheduled steps the performed step names, with their Requested Procedure and Scheduled Procedure Step IDs,
    /// so that one step of a multi-step order (or one of several orders under an accession) is not taken for all.
    /// Empty in bodies from agents older than this field: then every step of the orders found is meant.
    /// </summary>
    public IReadOnlyList<MppsScheduledStep> ScheduledSteps { get; init; } = [];

    public string? PatientId { get; init; }

    public string? Modality { get; init; }

    public string? PerformedStationAeTitle { get; init; }

    /// <summary>Instances the step reports as created (Performed Series Sequence), when the modality sends them.</summary>
    public IReadOnlyList<SopInstanceReference> ReferencedInstances { get; init; } = [];

    /// <summary>The N-CREATE/N-SET dataset as DICOM JSON.</summary>
    public string? Attributes { get; init; }

    public string? CallingAeTitle { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
