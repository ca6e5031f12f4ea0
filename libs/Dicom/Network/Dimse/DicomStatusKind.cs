namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>The status classes of PS3.7 annex C.</summary>
public enum DicomStatusKind
{
    Success,
    Warning,
    Failure,
    Cancel,
    Pending,
}
