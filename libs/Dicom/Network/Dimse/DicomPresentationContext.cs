namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// An accepted presentation context: its id, the abstract syntax (SOP class), the transfer syntax chosen and the roles
/// agreed for the association requestor (PS3.7 section D.3.3.4; without role selection the requestor is SCU only).
/// </summary>
public sealed record DicomPresentationContext(byte Id, string AbstractSyntax, DicomTransferSyntax TransferSyntax, bool RequestorIsScu = true, bool RequestorIsScp = false);
