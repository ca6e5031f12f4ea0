using CloudRisPacs.Dicom.Network.Hosting;

namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>How the storage commitment SCP reaches requesters that are no longer connected when their report is ready.</summary>
public sealed class StorageCommitmentOptions
{
    /// <summary>The calling AE title of associations this side opens to deliver reports (usually the server's own AE title).</summary>
    public string LocalAeTitle { get; set; } = "CLOUDRISPACS";

    /// <summary>Where each requester (by its calling AE title) listens for reports sent on a new association.</summary>
    public IDictionary<string, DicomRemoteAe> Requesters { get; set; } = new Dictionary<string, DicomRemoteAe>(StringComparer.Ordinal);

    /// <summary>How long the commitment handler may take to decide before every instance is reported as failed.</summary>
    public TimeSpan DecisionTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts to deliver a report on a new association, and the pause between them.</summary>
    public int DeliveryAttempts { get; set; } = 3;

    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS for the associations that deliver reports, when a requester is marked <see cref="DicomRemoteAe.UseTls"/>.</summary>
    public DicomClientTlsOptions? Tls { get; set; }
}
