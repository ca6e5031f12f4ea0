using CloudRisPacs.Dicom.Network.Services;

namespace CloudRisPacs.Dicom.Network.Tests.StorageCommitment;

/// <summary>The instances the storage commitment tests ask about: two CT images and an MR image.</summary>
internal static class CommitmentSamples
{
    public static readonly DicomSopReference[] Instances =
    [
        new(DicomUid.CTImageStorage.Value, "1.2.3.1"),
        new(DicomUid.CTImageStorage.Value, "1.2.3.2"),
        new(DicomUid.MRImageStorage.Value, "1.2.3.3"),
    ];
}
