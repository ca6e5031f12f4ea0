namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A PDU body that cannot be read; it never leaves <see cref="PduReader"/>, which turns it into an <see cref="InvalidPdu"/>.</summary>
internal sealed class PduFormatException(AbortReason reason, string message) : Exception(message)
{
    public AbortReason Reason { get; } = reason;
}
