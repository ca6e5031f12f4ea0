namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// An HL7 message waiting for delivery to the RIS: a result or status message from the cloud (<see cref="ResultKind"/>)
/// or an enhanced-mode application acknowledgement (<see cref="ApplicationAckKind"/>).
/// </summary>
public sealed record OutboundItem(
    string OutboundId,
    string Kind,
    string ControlId,
    byte[] Body,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    int Attempts = 0,
    DateTimeOffset NextAttemptAt = default)
{
    public const string ResultKind = "result";
    public const string ApplicationAckKind = "application-ack";
}
