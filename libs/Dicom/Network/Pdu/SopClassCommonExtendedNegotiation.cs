namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// SOP class common extended negotiation sub-item (PS3.7 section D.3.3.6): the service class of a SOP class and the
/// related general SOP classes it specializes.
/// </summary>
public sealed record SopClassCommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, ValueList<string> RelatedGeneralSopClassUids);
