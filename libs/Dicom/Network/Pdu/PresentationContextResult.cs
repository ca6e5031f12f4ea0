namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// A presentation context item of A-ASSOCIATE-AC (PS3.8 section 9.3.3.2): the id of a proposed context, the result and,
/// when accepted, the one transfer syntax chosen (otherwise the field is not significant and may be empty).
/// </summary>
public sealed record PresentationContextResult(byte Id, PresentationContextResultReason Result, string TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResultReason.Acceptance;
}
