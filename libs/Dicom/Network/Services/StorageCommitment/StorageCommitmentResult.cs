namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>The decision of an <see cref="IStorageCommitmentHandler"/>: which instances are safely stored, which are not and why.</summary>
public sealed record StorageCommitmentResult(IReadOnlyList<DicomSopReference> Committed, IReadOnlyList<StorageCommitmentFailure> Failed);
