using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>One C-FIND response a handler yields: a pending status with a matching identifier.</summary>
public sealed record DicomFindResponse(DicomStatus Status, DicomDataset? Identifier)
{
    /// <summary>A match (status pending, 0xFF00).</summary>
    public static DicomFindResponse Match(DicomDataset identifier) => new(DicomStatus.Pending, identifier);
}
