namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>The DICOM application context (PS3.7 annex A.2).</summary>
public static class DicomApplicationContext
{
    /// <summary>The only application context name DICOM defines.</summary>
    public const string Name = "1.2.840.10008.3.1.1.1";
}
