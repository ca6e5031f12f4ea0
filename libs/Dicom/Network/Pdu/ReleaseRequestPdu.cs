namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RQ (PS3.8 section 9.3.6).</summary>
public sealed record ReleaseRequestPdu : Pdu
{
    public static ReleaseRequestPdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseRequest;
}
