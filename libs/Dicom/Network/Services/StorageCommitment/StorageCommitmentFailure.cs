namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>An instance that could not be committed, with its Failure Reason (0008,1197); see <see cref="StorageCommitmentFailureReason"/>.</summary>
public sealed record StorageCommitmentFailure(DicomSopReference Instance, ushort FailureReason);
