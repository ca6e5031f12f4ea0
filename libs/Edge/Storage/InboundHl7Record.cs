using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// One HL7 message as received over MLLP, ready to commit: the bus message for the outbox (<c>hl7.received</c> or
/// <c>hl7.rejected</c>) and what duplicate detection and enhanced acknowledgement need later.
/// </summary>
/// <param name="Message">
/// The outbox message (body = the raw bytes as received). Its id is derived from sender, MSH-10 and bytes
/// (<c>Hl7InboundFacts.MessageIdFor</c>), so the same message sent again has the same id: that is the duplicate check.
/// </param>
/// <param name="ControlId">MSH-10.</param>
/// <param name="Sender">MSH-3|MSH-4.</param>
/// <param name="AckMode"><c>original</c> or <c>enhanced</c>.</param>
/// <param name="ApplicationAckType">MSH-16 (AL, NE, ER, SU; empty in original mode).</param>
/// <param name="Accepted">False when the message was refused (and answered with a NAK).</param>
/// <param name="Peer">The MLLP peer's address.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record InboundHl7Record(
    BusMessage Message,
    string ControlId,
    string Sender,
    string AckMode,
    string ApplicationAckType,
    bool Accepted,
    string? Peer,
    DateTimeOffset ReceivedAt)
{
    /// <summary>What the message does to the local worklist at once (<see cref="WorklistLocalMarks"/>), or null for nothing.</summary>
    public LocalWorklistChange? WorklistChange { get; init; }
}
