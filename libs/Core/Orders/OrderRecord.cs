using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// A requested procedure (one ORC/OBR group), the <c>order|{key}</c> row of its patient's partition. The key is the
/// accession plus the requested procedure id, unique in a tenant (a collision is refused).
/// </summary>
public sealed record OrderRecord
{
    public required string OrderKey { get; init; }

    public required string AccessionNumber { get; init; }

    public string? RequestedProcedureId { get; init; }

    public string? PlacerOrderNumber { get; init; }

    public string? FillerOrderNumber { get; init; }

    /// <summary>
    /// ORC-2 (else OBR-2) as the RIS sent it, namespace included, echoed in results and status messages; null for
    /// orders stored before it was kept (then <see cref="PlacerOrderNumber"/> alone is sent).
    /// </summary>
    public Hl7EntityIdentifier? PlacerOrder { get; init; }

    /// <summary>ORC-3 (else OBR-3) as the RIS sent it; see <see cref="PlacerOrder"/>.</summary>
    public Hl7EntityIdentifier? FillerOrder { get; init; }

    /// <summary>OBR-4 universal service identifier as the RIS sent it (its own code, text and coding system).</summary>
    public Hl7CodedElement? UniversalServiceId { get; init; }

    public required string StudyInstanceUid { get; init; }

    /// <summary>SCHEDULED, ARRIVED, STARTED, COMPLETED, CANCELLED or DISCONTINUED.</summary>
    public required string Status { get; init; }

    /// <summary>The <see cref="Patients.VersionStamp"/> of the last applied order message.</summary>
    public required string Version { get; init; }

    public string? Modality { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? ScheduledStart { get; init; }

    /// <summary>Studies reconciled with this order.</summary>
    public IReadOnlyList<string> LinkedStudies { get; init; } = [];

    public DateTimeOffset? FirstImageAt { get; init; }

    /// <summary>Performed Procedure Step Status from MPPS (IN PROGRESS, COMPLETED, DISCONTINUED).</summary>
    public string? PerformedStatus { get; init; }

    /// <summary>When the "examination complete" status message went to the RIS.</summary>
    public DateTimeOffset? CompletionSentAt { get; init; }

    /// <summary>
    /// A tombstone: the RIS's cancel arrived before the order itself, which is not known yet beyond its key (see
    /// <see cref="CancelBeforeOrder"/>).
    /// </summary>
    public bool CancelledBeforeOrdered { get; init; }

    public string? LastMessageId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsOpen => Status is "SCHEDULED" or "ARRIVED" or "READY" or "STARTED";

    /// <summary>The RIS called the order off: images for it are a problem for a person, never its completion.</summary>
    public bool IsWithdrawn => Status is "CANCELLED" or "DISCONTINUED";
}
