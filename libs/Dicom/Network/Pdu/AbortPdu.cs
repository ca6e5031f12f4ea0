namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A-ABORT (PS3.8 section 9.3.8). The reason is significant only when the source is the service provider.</summary>
public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : Pdu
{
    public override PduType Type => PduType.Abort;
}
