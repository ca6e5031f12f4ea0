using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>What the registry holds for one SOP class: the handlers for each role, the transfer syntax policy and the answer to extended negotiation.</summary>
internal sealed class DicomServiceRegistration(string sopClassUid, DicomTransferSyntaxPolicy policy)
{
    public string SopClassUid { get; } = sopClassUid;

    public DicomTransferSyntaxPolicy Policy { get; set; } = policy;

    public IVerificationHandler? Verification { get; set; }

    public ICFindHandler? Find { get; set; }

    public ICStoreHandler? Store { get; set; }

    public IMppsHandler? Mpps { get; set; }

    public StorageCommitmentService? Commitment { get; set; }

    public IStorageCommitmentReportHandler? CommitmentReports { get; set; }

    /// <summary>Answers the requestor's SOP class extended negotiation bytes (null: no sub-item in the response).</summary>
    public Func<ByteString, ByteString?>? ExtendedNegotiation { get; set; }

    /// <summary>Whether this side performs the SOP class (the requestor may act as SCU).</summary>
    public bool ServesAsScp => Verification is not null || Find is not null || Store is not null || Mpps is not null || Commitment is not null;

    /// <summary>Whether this side acts as SCU of the SOP class when the requestor is its SCP (storage commitment reports).</summary>
    public bool ServesAsScu => CommitmentReports is not null;
}
