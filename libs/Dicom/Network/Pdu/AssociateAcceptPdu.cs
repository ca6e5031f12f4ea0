namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-AC (PS3.8 section 9.3.3). The AE title fields echo the request's (they are not tested when received).
/// </summary>
public sealed record AssociateAcceptPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    ValueList<PresentationContextResult> PresentationContexts,
    UserInformation UserInformation) : Pdu
{
    public ushort ProtocolVersion { get; init; } = 1;

    public string ApplicationContextName { get; init; } = DicomApplicationContext.Name;

    public override PduType Type => PduType.AssociateAccept;
}
