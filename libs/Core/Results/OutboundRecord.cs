namespace CloudRisPacs.Core.Results;

/// <summary>A message sent to a RIS, as the <c>Outbound</c> table tracks it (partition <c>{tenant}</c>, row = outbound id).</summary>
public sealed record OutboundRecord
{
    public required string OutboundId { get; init; }

    /// <summary><c>report</c> (ORU^R01) or <c>completion</c> (ORM^O01 SC/CM).</summary>
    public required string Purpose { get; init; }

    public required string ControlId { get; init; }

    public required string MessageType { get; init; }

    public string? AccessionNumber { get; init; }

    public string? StudyInstanceUid { get; init; }

    /// <summary>pending, delivered or parked.</summary>
    public string Status { get; init; } = OutboundStatus.Pending;

    public string? AcknowledgmentCode { get; init; }

    public int Attempts { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? Er7 { get; init; }
}

public static class OutboundStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Parked = "parked";
}
