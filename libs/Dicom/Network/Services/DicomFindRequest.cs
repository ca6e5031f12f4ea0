using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>A C-FIND request: the query information model (SOP class) and the identifier with the keys.</summary>
public sealed record DicomFindRequest(DicomAssociationInfo Association, string SopClassUid, DicomDataset Identifier)
{
    /// <summary>Priority (0000,0700): 0 medium, 1 high, 2 low.</summary>
    public ushort Priority { get; init; }
}
