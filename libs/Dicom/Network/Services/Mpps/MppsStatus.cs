namespace CloudRisPacs.Dicom.Network.Services.Mpps;

/// <summary>Performed Procedure Step Status (0040,0252) values (PS3.3 C.4.14).</summary>
public static class MppsStatus
{
    public const string InProgress = "IN PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Discontinued = "DISCONTINUED";

    /// <summary>Error ID (0000,0903) of "Performed Procedure Step Object may no longer be updated" (PS3.4 table F.7.2-2).</summary>
    public const ushort MayNoLongerBeUpdatedErrorId = 0xA710;
}
