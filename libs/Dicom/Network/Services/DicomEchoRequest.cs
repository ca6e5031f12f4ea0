using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>A C-ECHO request.</summary>
public sealed record DicomEchoRequest(DicomAssociationInfo Association);
