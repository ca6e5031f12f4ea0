using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// The answer to a DIMSE-N request: a status, an optional data set, and (for N-CREATE without an instance UID in the
/// request) the SOP instance UID the SCP assigned.
/// </summary>
public sealed record DicomNResponse(DicomStatus Status, DicomDataset? DataSet = null, string? SopInstanceUid = null)
{
    public static DicomNResponse Success { get; } = new(DicomStatus.Success);

    /// <summary>Error Comment (0000,0902) to send with a failure or warning.</summary>
    public string? ErrorComment { get; init; }

    /// <summary>Error ID (0000,0903) to send with a failure.</summary>
    public ushort? ErrorId { get; init; }
}
