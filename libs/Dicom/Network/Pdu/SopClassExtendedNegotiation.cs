namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>SOP class extended negotiation sub-item (PS3.7 section D.3.3.5): service-class specific bytes for one SOP class.</summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, ByteString ServiceClassApplicationInformation);
