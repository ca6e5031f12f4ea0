namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>Failure Reason (0008,1197) values for storage commitment (PS3.3 C.14.1.1).</summary>
public static class StorageCommitmentFailureReason
{
    public const ushort ProcessingFailure = 0x0110;
    public const ushort NoSuchObjectInstance = 0x0112;
    public const ushort ClassInstanceConflict = 0x0119;
    public const ushort ReferencedSopClassNotSupported = 0x0122;
    public const ushort DuplicateTransactionUid = 0x0131;
    public const ushort ResourceLimitation = 0x0213;
}
