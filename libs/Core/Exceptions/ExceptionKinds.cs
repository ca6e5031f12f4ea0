namespace CloudRisPacs.Core.Exceptions;

/// <summary>The kinds of pipeline exceptions: everything that could not be processed, or needs a person.</summary>
public static class ExceptionKinds
{
    /// <summary>An HL7 message the cloud could not apply (unmapped order status, missing accession, circular merge ...).</summary>
    public const string RejectedMessage = "rejected-message";

    /// <summary>An HL7 message the edge agent refused (NAK) and reported.</summary>
    public const string EdgeRejectedMessage = "edge-rejected-message";

    /// <summary>The bus parked a message (tenant mismatch, malformed body, too many failures).</summary>
    public const string DeadLetter = "dead-letter";

    /// <summary>A study without a matching order after the grace period (images without order).</summary>
    public const string UnmatchedStudy = "unmatched-study";

    /// <summary>A study matched an order by key but the patient differs.</summary>
    public const string PatientMismatch = "patient-mismatch";

    /// <summary>The same accession is used by another patient, or already reconciled with another study.</summary>
    public const string AccessionCollision = "accession-collision";

    /// <summary>
    /// A study carries the accession of an order the RIS cancelled or discontinued: it is not linked, and the RIS hears
    /// no "examination complete" for that order, until a person decides (reinstate the order in the RIS, or link).
    /// </summary>
    public const string CancelledOrderImages = "cancelled-order-images";

    /// <summary>An order with no images long after its scheduled time.</summary>
    public const string OrderWithoutImages = "order-without-images";

    /// <summary>An order arrived after its images; it was reconciled automatically (recorded for the audit trail).</summary>
    public const string OrderAfterImages = "order-after-images";

    /// <summary>An edge agent stopped sending heartbeats.</summary>
    public const string EdgeSilent = "edge-silent";

    /// <summary>
    /// A queue holds parked messages: a cloud queue's dead-letter/poison queue (watchdog), or an edge agent's local queue,
    /// one per site and queue (its heartbeat, which also resolves it).
    /// </summary>
    public const string ParkedMessages = "parked-messages";

    /// <summary>The edge agent gave up delivering an outbound HL7 message to the RIS.</summary>
    public const string OutboundParked = "outbound-parked";

    /// <summary>Storage commitment failed for some instances (not indexed in time).</summary>
    public const string CommitmentFailed = "commitment-failed";

    /// <summary>A stored instance could not be indexed (blob missing, not DICOM, not the announced instance).</summary>
    public const string IndexingFailed = "indexing-failed";

    public static IReadOnlyList<string> All { get; } =
    [
        RejectedMessage, EdgeRejectedMessage, DeadLetter, UnmatchedStudy, PatientMismatch, AccessionCollision, CancelledOrderImages, OrderWithoutImages,
        OrderAfterImages, EdgeSilent, ParkedMessages, OutboundParked, CommitmentFailed, IndexingFailed,
    ];
}
