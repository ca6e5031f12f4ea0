namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RJ (PS3.8 section 9.3.4).</summary>
public sealed record AssociateRejectPdu(AssociateRejectResult Result, AssociateRejectSource Source, byte Reason) : Pdu
{
    public override PduType Type => PduType.AssociateReject;

    public override string ToString() => $"A-ASSOCIATE-RJ {Result}: {AssociateRejectReason.Describe(Source, Reason)}";
}
