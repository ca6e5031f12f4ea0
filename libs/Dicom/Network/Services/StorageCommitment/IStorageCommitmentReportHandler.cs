using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>The SCU side of storage commitment: receives the N-EVENT-REPORT with the outcome of a request.</summary>
public interface IStorageCommitmentReportHandler
{
    ValueTask<DicomStatus> OnReportAsync(StorageCommitmentReport report, DicomAssociationInfo association, CancellationToken cancellationToken);
}
