using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Orders;

/// <summary>What one ORC/OBR group of an ORM^O01 or OMI^O23 asks for, after the field map and the status table.</summary>
public sealed record OrderRequest
{
    public required OrderStatusRule Rule { get; init; }

    public required string OrderControl { get; init; }

    public required string OrderStatus { get; init; }

    public required string AccessionNumber { get; init; }

    public string? RequestedProcedureId { get; init; }

    public string? PlacerOrderNumber { get; init; }

    public string? FillerOrderNumber { get; init; }

    /// <summary>ORC-2/OBR-2, ORC-3/OBR-3 and OBR-4 as received, to be echoed (see <see cref="OrderRecord.PlacerOrder"/>).</summary>
    public Hl7EntityIdentifier? PlacerOrder { get; init; }

    public Hl7EntityIdentifier? FillerOrder { get; init; }

    public Hl7CodedElement? UniversalServiceId { get; init; }

    /// <summary>The UID the message carried, or null (then the missing-UID policy applies).</summary>
    public string? StudyInstanceUid { get; init; }

    public string? RequestedProcedureDescription { get; init; }

    public IReadOnlyList<DicomCode> RequestedProcedureCodes { get; init; } = [];

    public string? ReferringPhysicianName { get; init; }

    public string? Priority { get; init; }

    public required string Version { get; init; }

    public DateTimeOffset? ScheduledStart { get; init; }

    public IReadOnlyList<StepRequest> Steps { get; init; } = [];

    /// <summary>The order key: accession plus requested procedure id.</summary>
    public string OrderKey => $"{KeyPart.Encode(AccessionNumber)}~{KeyPart.Encode(RequestedProcedureId ?? string.Empty)}";
}

/// <summary>One scheduled procedure step of an order request.</summary>
public sealed record StepRequest
{
    public required string StepId { get; init; }

    public required string Modality { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<DicomCode> ProtocolCodes { get; init; } = [];

    public string? StationAeTitle { get; init; }

    public string? StationName { get; init; }

    public string? PerformingPhysicianName { get; init; }

    public required string StartDate { get; init; }

    public string? StartTime { get; init; }
}
