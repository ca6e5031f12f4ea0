using CloudRisPacs.Dicom.Network.Identity;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>The DICOM service (section <c>EdgeAgent:Dicom</c>): worklist, storage, MPPS, storage commitment.</summary>
public sealed class DicomListenerOptions
{
    /// <summary>The agent's own AE title (called AE title the modalities use).</summary>
    public string AeTitle { get; set; } = "CLOUDRISPACS";

    public string ListenAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 11112;

    /// <summary>The modalities allowed to associate; their AE titles are the allowed calling AE titles.</summary>
    public IList<DicomPeerOptions> Modalities { get; } = new List<DicomPeerOptions>();

    /// <summary>Accept any calling AE title (for a first setup only; logged as a warning).</summary>
    public bool AllowAnyCallingAeTitle { get; set; }

    /// <summary>
    /// The users a modality may present in DICOM user identity negotiation (username with a passcode, or username only
    /// where allowed), each with the passcode hash `cloudrispacs-edge hash-passcode` prints. A presented identity is
    /// verified against them; a wrong one rejects the association. Empty: identities are not looked at.
    /// </summary>
    public IList<DicomUserAccount> Users { get; } = new List<DicomUserAccount>();

    /// <summary>Reject associations that present no user identity (needs <see cref="Users"/>). Off: modalities without one are accepted.</summary>
    public bool RequireUserIdentity { get; set; }

    /// <summary>TLS for the listener (and for associations the agent opens to modalities marked UseTls); null: plain TCP.</summary>
    public TlsSettings? Tls { get; set; }

    public int MaxAssociations { get; set; } = 16;

    /// <summary>An association idle this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Also check where a listed modality connects from: its association is rejected (A-ASSOCIATE-RJ, calling AE title
    /// not recognized) unless it comes from an address of its configured <see cref="DicomPeerOptions.Host"/>.
    /// </summary>
    public bool CheckModalityHosts { get; set; }

    /// <summary>The largest PDU announced and accepted.</summary>
    public int MaxPduLength { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a modality's storage commitment may take in all, from its N-ACTION to the cloud's answer, before every
    /// instance of it is reported as failed: a cloud outage, the upload of the spool backlog (the request is forwarded
    /// only once the instances it names have left the spool) and the cloud's own wait for indexing all count. Set it
    /// longer than the outages a site should ride out with its commitments intact. The cloud's own commitment timeout
    /// runs from the request's arrival there and answers failures for instances that do not come.
    /// </summary>
    public TimeSpan CommitmentTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Deliveries of a storage commitment report on a new association (to the modality's Host and Port, when the
    /// requesting association has closed) before it is parked; each failed one waits
    /// <see cref="CommitmentReportRetryDelay"/>, doubling with jitter up to <see cref="CommitmentReportMaxRetryDelay"/>.
    /// </summary>
    public int CommitmentReportMaxAttempts { get; set; } = 10;

    public TimeSpan CommitmentReportRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CommitmentReportMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);
}
