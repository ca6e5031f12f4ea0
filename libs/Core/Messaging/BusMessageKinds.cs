namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// The well-known values of <see cref="BusMessage.Kind"/>. A kind names what the body is, so a consumer routes on it
/// without opening the body. Direction: <c>ingress</c> is edge → cloud, <c>edge</c> is cloud → edge.
/// </summary>
public static class BusMessageKinds
{
    /// <summary>Ingress. An HL7 v2 message the edge agent accepted and durably stored; the body is the raw ER7 bytes.</summary>
    public const string Hl7Received = "hl7.received";

    /// <summary>
    /// Ingress. An HL7 v2 message the edge agent refused (NAK with AR/AE); the body is the raw bytes, the reason is in
    /// the property <c>reason</c>. Sent so the rejection becomes a visible exception in the cloud.
    /// </summary>
    public const string Hl7Rejected = "hl7.rejected";

    /// <summary>
    /// Ingress. A DICOM instance was uploaded to the tenant's container; the body (JSON) names the blob path, the
    /// study/series/SOP instance UIDs, size and transfer syntax. The cloud indexes it with a ranged header read.
    /// </summary>
    public const string DicomInstanceStored = "dicom.instance-stored";

    /// <summary>Ingress. A Modality Performed Procedure Step N-CREATE or N-SET the edge agent received.</summary>
    public const string DicomMpps = "dicom.mpps";

    /// <summary>
    /// Ingress. A modality asked for Storage Commitment (N-ACTION); the body lists the SOP instances. The cloud
    /// answers with <see cref="DicomCommitmentResult"/> once every instance is stored and indexed.
    /// </summary>
    public const string DicomCommitmentRequested = "dicom.commitment-requested";

    /// <summary>Edge. Worklist items were added, changed or removed; the edge agent applies them to its local cache.</summary>
    public const string WorklistChanged = "worklist.changed";

    /// <summary>
    /// Ingress. The edge agent asks for a full worklist snapshot (after start-up or a detected gap); the cloud answers
    /// with <see cref="WorklistChanged"/> messages marked as a snapshot, or the edge pulls the HTTP sync API.
    /// </summary>
    public const string WorklistSnapshotRequested = "worklist.snapshot-requested";

    /// <summary>Edge. An HL7 v2 message for the RIS (ORU^R01 result, order status); the body is the raw ER7 bytes.</summary>
    public const string Hl7Outbound = "hl7.outbound";

    /// <summary>
    /// Edge. Enhanced acknowledgement mode: the cloud's processing outcome of an <see cref="Hl7Received"/> message,
    /// so the edge agent can send the RIS the application ACK (AA/AE) after the commit ACK (CA).
    /// </summary>
    public const string Hl7Outcome = "hl7.outcome";

    /// <summary>Edge. The cloud's Storage Commitment answer: which instances are committed and which failed.</summary>
    public const string DicomCommitmentResult = "dicom.commitment-result";

    /// <summary>Ingress. Whether the RIS accepted an <see cref="Hl7Outbound"/> message (ACK AA/CA) or it was parked.</summary>
    public const string OutboundDeliveryResult = "outbound.delivery-result";

    /// <summary>Ingress. The edge agent is alive; the body carries its version and backlog sizes for the watchdog.</summary>
    public const string EdgeHeartbeat = "edge.heartbeat";

    /// <summary>Every well-known kind, for routing tables and validation.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Hl7Received, Hl7Rejected, DicomInstanceStored, DicomMpps, DicomCommitmentRequested, WorklistChanged,
        WorklistSnapshotRequested, Hl7Outbound, Hl7Outcome, DicomCommitmentResult, OutboundDeliveryResult, EdgeHeartbeat,
    ];

    /// <summary>True when <paramref name="kind"/> is one of <see cref="All"/>.</summary>
    public static bool IsWellKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
