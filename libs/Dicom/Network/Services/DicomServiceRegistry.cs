using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// The services an application entity offers, by SOP class UID: each maps to a small handler. The registry decides
/// which presentation contexts are accepted (SOP class, roles, transfer syntax policy) and routes each request to its
/// handler; a handler's <see cref="DicomServiceException"/> becomes the failure response. Build it once at start-up.
/// </summary>
public sealed class DicomServiceRegistry
{
    private readonly Dictionary<string, DicomServiceRegistration> registrations = new(StringComparer.Ordinal);
    private DicomServiceRegistration? unknownStorage;

    /// <summary>The SOP class UIDs with a registered service.</summary>
    public IReadOnlyCollection<string> SopClassUids => registrations.Keys;

    /// <summary>Verification SCP (C-ECHO); without a handler every echo succeeds.</summary>
    public DicomServiceRegistry AddVerification(IVerificationHandler? handler = null)
    {
        Get(DicomUid.Verification.Value, DicomTransferSyntaxPolicy.Uncompressed).Verification = handler ?? SuccessfulVerification.Instance;
        return this;
    }

    /// <summary>A C-FIND SCP for one query information model.</summary>
    public DicomServiceRegistry AddFind(string sopClassUid, ICFindHandler handler, DicomTransferSyntaxPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Get(sopClassUid, policy ?? DicomTransferSyntaxPolicy.Uncompressed).Find = handler;
        return this;
    }

    /// <summary>
    /// The Modality Worklist Information Model - FIND SCP. SOP class extended negotiation is answered as PS3.4 K.5.1
    /// defines it: the two reserved bytes 1, literal (not fuzzy) person name matching, no timezone adjustment.
    /// </summary>
    public DicomServiceRegistry AddModalityWorklist(ICFindHandler handler, DicomTransferSyntaxPolicy? policy = null)
    {
        AddFind(DicomUid.ModalityWorklistInformationModelFind.Value, handler, policy);
        Get(DicomUid.ModalityWorklistInformationModelFind.Value, policy ?? DicomTransferSyntaxPolicy.Uncompressed).ExtendedNegotiation =
            offered => offered.Length == 0 ? (ByteString?)null : new ByteString(new byte[] { 1, 1, 0, 0 }.AsMemory(0, Math.Min(offered.Length, 4)));
        return this;
    }

    /// <summary>A storage SCP for every storage SOP class (or those in <paramref name="options"/>), in every registered transfer syntax as received.</summary>
    public DicomServiceRegistry AddStorage(ICStoreHandler handler, DicomStorageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new DicomStorageOptions();
        foreach (var sopClass in options.SopClassUids ?? StorageSopClasses.Registered)
        {
            var registration = Get(sopClass, options.TransferSyntaxes);
            registration.Store = handler;
            registration.Policy = options.TransferSyntaxes;
        }

        if (options.AcceptUnknownSopClasses)
        {
            unknownStorage = new DicomServiceRegistration(string.Empty, options.TransferSyntaxes) { Store = handler };
        }

        return this;
    }

    /// <summary>The Modality Performed Procedure Step SCP (N-CREATE, N-SET).</summary>
    public DicomServiceRegistry AddMpps(IMppsHandler handler, DicomTransferSyntaxPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Get(DicomUid.ModalityPerformedProcedureStep.Value, policy ?? DicomTransferSyntaxPolicy.Uncompressed).Mpps = handler;
        return this;
    }

    /// <summary>The Storage Commitment Push Model SCP (N-ACTION, then N-EVENT-REPORT).</summary>
    public DicomServiceRegistry AddStorageCommitment(StorageCommitmentService service, DicomTransferSyntaxPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        Get(DicomUid.StorageCommitmentPushModel.Value, policy ?? DicomTransferSyntaxPolicy.Uncompressed).Commitment = service;
        return this;
    }

    /// <summary>
    /// The SCU side of Storage Commitment Push Model: receives N-EVENT-REPORT, on an association this side requested or
    /// on one the SCP opens to it (accepting the SCP role for the requestor).
    /// </summary>
    public DicomServiceRegistry AddStorageCommitmentReports(IStorageCommitmentReportHandler handler, DicomTransferSyntaxPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Get(DicomUid.StorageCommitmentPushModel.Value, policy ?? DicomTransferSyntaxPolicy.Uncompressed).CommitmentReports = handler;
        return this;
    }

    /// <summary>The registration for a SOP class: its own, or the unknown-storage fallback for a SOP class the dictionary does not know.</summary>
    internal DicomServiceRegistration? Find(string sopClassUid) =>
        registrations.TryGetValue(sopClassUid, out var registration) ? registration
        : unknownStorage is not null && DicomUid.IsValid(sopClassUid) && DicomUid.FindRegistered(sopClassUid) is null ? unknownStorage
        : null;

    private DicomServiceRegistration Get(string sopClassUid, DicomTransferSyntaxPolicy policy)
    {
        if (!DicomUid.IsValid(sopClassUid))
        {
            throw new ArgumentException($"'{sopClassUid}' is not a valid SOP class UID.", nameof(sopClassUid));
        }

        if (!registrations.TryGetValue(sopClassUid, out var registration))
        {
            registration = new DicomServiceRegistration(sopClassUid, policy);
            registrations[sopClassUid] = registration;
        }

        return registration;
    }

    private sealed class SuccessfulVerification : IVerificationHandler
    {
        public static SuccessfulVerification Instance { get; } = new();

        public ValueTask<Dimse.DicomStatus> EchoAsync(DicomEchoRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(Dimse.DicomStatus.Success);
    }
}
