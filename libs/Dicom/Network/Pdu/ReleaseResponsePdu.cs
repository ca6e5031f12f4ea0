namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RP (PS3.8 section 9.3.7).</summary>
public sealed record ReleaseResponsePdu : Pdu
{
    public static ReleaseResponsePdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseResponse;
}
