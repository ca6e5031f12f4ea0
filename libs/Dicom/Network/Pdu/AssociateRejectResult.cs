namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>The result field of A-ASSOCIATE-RJ (PS3.8 table 9-21).</summary>
public enum AssociateRejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}
