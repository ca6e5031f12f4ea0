namespace CloudRisPacs.Edge.Storage;

/// <summary>A received HL7 message as kept for enhanced-mode application ACKs: its bytes and acknowledgement facts.</summary>
public sealed record StoredInboundHl7(
    string MessageId,
    string ControlId,
    string AckMode,
    string ApplicationAckType,
    bool Accepted,
    string? OutcomeCode,
    string? CorrelationId,
    byte[] Body);
