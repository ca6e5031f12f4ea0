using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>Receives the N-EVENT-REPORT of one storage commitment transaction on the requesting association.</summary>
internal sealed class StorageCommitmentReportWaiter(string transactionUid) : IStorageCommitmentReportHandler
{
    private readonly TaskCompletionSource<StorageCommitmentReport> report = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<StorageCommitmentReport> Report => report.Task;

    public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentReport received, DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (received.TransactionUid != transactionUid)
        {
            return ValueTask.FromResult(DicomStatus.InvalidArgumentValue);
        }

        report.TrySetResult(received);
        return ValueTask.FromResult(DicomStatus.Success);
    }
}
