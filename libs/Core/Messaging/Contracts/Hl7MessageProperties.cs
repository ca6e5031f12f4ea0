namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Property names carried by <see cref="BusMessageKinds.Hl7Received"/>, <see cref="BusMessageKinds.Hl7Rejected"/> and
/// <see cref="BusMessageKinds.Hl7Outbound"/> messages, whose body is the raw ER7 bytes exactly as received or to send.
/// </summary>
public static class Hl7MessageProperties
{
    /// <summary>MSH-10 of the HL7 message (the key an acknowledgement's MSA-2 refers to).</summary>
    public const string ControlId = "hl7.controlId";

    /// <summary>MSH-3 and MSH-4 of the sender, as <c>application|facility</c>.</summary>
    public const string Sender = "hl7.sender";

    /// <summary>MSH-9 as written, for example <c>ORM^O01^ORM_O01</c>.</summary>
    public const string MessageType = "hl7.messageType";

    /// <summary><c>original</c> or <c>enhanced</c> (MSH-15/16 present): whether the RIS expects an application ACK later.</summary>
    public const string AcknowledgementMode = "hl7.ackMode";

    /// <summary>Remote address of the MLLP peer the message came from.</summary>
    public const string Peer = "hl7.peer";

    /// <summary>Why the edge refused the message (on <see cref="BusMessageKinds.Hl7Rejected"/>): the NAK's text.</summary>
    public const string RejectionReason = "hl7.rejectionReason";

    /// <summary>The cloud's id of an outbound message (on <see cref="BusMessageKinds.Hl7Outbound"/>), echoed in the delivery result.</summary>
    public const string OutboundId = "hl7.outboundId";

    /// <summary>The content type of ER7 bodies.</summary>
    public const string Er7ContentType = "x-application/hl7-v2+er7";
}
