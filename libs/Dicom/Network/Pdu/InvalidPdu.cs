namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// What arrived could not be read as a PDU: an unknown type, a length over the limit or a malformed body. The reader
/// returns it instead of throwing so that the state machine treats it as event 19 (unrecognized or invalid PDU) and
/// aborts with <see cref="Reason"/>. It is never written.
/// </summary>
public sealed record InvalidPdu(byte TypeByte, AbortReason Reason, string Detail) : Pdu
{
    public override PduType Type => (PduType)TypeByte;
}
