namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RQ (PS3.8 section 9.3.2). AE titles are held without their space padding.</summary>
public sealed record AssociateRequestPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    ValueList<PresentationContextRequest> PresentationContexts,
    UserInformation UserInformation) : Pdu
{
    /// <summary>Bit 0 set: version 1, the only one (PS3.8 section 9.3.2).</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    public string ApplicationContextName { get; init; } = DicomApplicationContext.Name;

    public override PduType Type => PduType.AssociateRequest;
}
