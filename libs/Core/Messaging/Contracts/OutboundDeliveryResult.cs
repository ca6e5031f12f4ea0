namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.OutboundDeliveryResult"/>: what happened to an <see cref="BusMessageKinds.Hl7Outbound"/>
/// message. Delivered means the RIS answered AA or CA with MSA-2 equal to the sent MSH-10; parked means the retry
/// policy gave up and the cloud must raise an exception.
/// </summary>
public sealed record OutboundDeliveryResult
{
    public required string OutboundId { get; init; }

    public required string ControlId { get; init; }

    public required bool Delivered { get; init; }

    public string? AcknowledgmentCode { get; init; }

    public int Attempts { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset At { get; init; }
}
