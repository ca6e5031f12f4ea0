using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>A storage commitment request (N-ACTION, action type 1): the transaction and the instances to commit.</summary>
public sealed record StorageCommitmentRequest(DicomAssociationInfo Association, string TransactionUid, IReadOnlyList<DicomSopReference> Instances);
