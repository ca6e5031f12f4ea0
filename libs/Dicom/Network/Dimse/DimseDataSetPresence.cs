namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>Whether a DIMSE message carries a data set (PS3.7 section 9.3 and 10.3, the "M/U/-" of the message tables).</summary>
public enum DimseDataSetPresence
{
    Never,
    Optional,
    Always,
}
