namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>The source field of an A-ABORT PDU (PS3.8 table 9-26).</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    Reserved = 1,
    ServiceProvider = 2,
}
