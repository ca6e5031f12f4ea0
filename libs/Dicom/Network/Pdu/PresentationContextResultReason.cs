namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>The result/reason field of a presentation context item of A-ASSOCIATE-AC (PS3.8 table 9-18).</summary>
public enum PresentationContextResultReason : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}
