using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>Between the bus contracts of storage commitment and the DICOM library's request, result and report.</summary>
public static class CommitmentResults
{
    /// <summary>The answer the agent gives itself when the cloud has not answered in time: every instance failed (0x0110).</summary>
    public static CommitmentResult TimedOut(CommitmentRequest request, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CommitmentResult
        {
            TransactionUid = request.TransactionUid,
            RequestingAeTitle = request.RequestingAeTitle,
            Failed = request.Instances.Select(i => new CommitmentFailure(i.SopClassUid, i.SopInstanceUid,
                StorageCommitmentFailureReason.ProcessingFailure, $"no answer from the cloud within {timeout}")).ToList(),
        };
    }

    public static StorageCommitmentResult ToDicom(CommitmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new StorageCommitmentResult(
            result.Committed.Select(c => new DicomSopReference(c.SopClassUid, c.SopInstanceUid)).ToList(),
            result.Failed.Select(f => new StorageCommitmentFailure(new DicomSopReference(f.SopClassUid, f.SopInstanceUid), f.FailureReason)).ToList());
    }

    /// <summary>The N-EVENT-REPORT for a recorded request and its result: every requested instance once, committed or failed.</summary>
    public static StorageCommitmentReport Report(CommitmentRequest request, CommitmentResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StorageCommitmentReport.Of(request.TransactionUid,
            request.Instances.Select(i => new DicomSopReference(i.SopClassUid, i.SopInstanceUid)).ToList(), ToDicom(result));
    }
}
