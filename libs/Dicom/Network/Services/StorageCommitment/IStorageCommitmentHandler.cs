namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>
/// Decides, asynchronously and as slowly as it needs (the edge agent asks the cloud), which instances of a storage
/// commitment request are safely stored. The N-ACTION has been answered already; the result goes to the requester in
/// an N-EVENT-REPORT. Every instance of the request should appear in exactly one of the two lists; one missing from
/// both is reported as failed with processing failure.
/// </summary>
public interface IStorageCommitmentHandler
{
    ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken);
}
