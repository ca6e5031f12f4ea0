namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>A user information sub-item of a type this implementation does not know; kept so that reading loses nothing.</summary>
public sealed record UnknownItem(byte ItemType, ByteString Value);
