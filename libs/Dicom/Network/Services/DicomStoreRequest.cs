using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// A C-STORE request. <see cref="DataSet"/> is the data set as it arrives from the network, byte for byte, in
/// <see cref="TransferSyntax"/> (no File Meta Information): read it to the end while writing it where it belongs. It is
/// never buffered whole; reading slowly slows the sender.
/// </summary>
public sealed record DicomStoreRequest(DicomAssociationInfo Association, string SopClassUid, string SopInstanceUid, DicomTransferSyntax TransferSyntax, Stream DataSet)
{
    public ushort Priority { get; init; }

    /// <summary>Move Originator Application Entity Title (0000,1030) when the store is a C-MOVE sub-operation.</summary>
    public string? MoveOriginatorAeTitle { get; init; }

    public ushort? MoveOriginatorMessageId { get; init; }
}
