using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// A DIMSE-N request (N-CREATE, N-SET, N-ACTION, N-EVENT-REPORT): the SOP class and instance it is about, the data set
/// (attribute list, modification list, action or event information), and the action or event type id when it has one.
/// </summary>
public sealed record DicomNRequest(DicomAssociationInfo Association, DimseCommandField CommandField, string SopClassUid, string? SopInstanceUid, DicomDataset? DataSet)
{
    /// <summary>Action Type ID (0000,1008) of N-ACTION, Event Type ID (0000,1002) of N-EVENT-REPORT.</summary>
    public ushort? TypeId { get; init; }
}
