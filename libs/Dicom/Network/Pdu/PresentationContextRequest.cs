namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// A presentation context item of A-ASSOCIATE-RQ (PS3.8 section 9.3.2.2): an odd context id, one abstract syntax (a SOP
/// class UID) and the transfer syntaxes proposed for it, in the requestor's order of preference.
/// </summary>
public sealed record PresentationContextRequest(byte Id, string AbstractSyntax, ValueList<string> TransferSyntaxes);
