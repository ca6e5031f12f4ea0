namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// A modality: its AE title (allowed as calling AE title), and where it is: <see cref="Host"/> for the optional host
/// check, Host and <see cref="Port"/> for the echo of the <c>check</c> command and for Storage Commitment reports sent on
/// a new association.
/// </summary>
public sealed class DicomPeerOptions
{
    public string? AeTitle { get; set; }

    /// <summary>The modality's host name or IP address.</summary>
    public string? Host { get; set; }

    /// <summary>The port the modality listens on for DICOM (its storage commitment SCU); 104 when not given.</summary>
    public int Port { get; set; } = 104;

    /// <summary>
    /// The modality listens with TLS: associations the agent opens to it (storage commitment reports, the echo of the
    /// <c>check</c> command) use TLS with the agent's certificate (<c>EdgeAgent:Dicom:Tls</c>, required then), checking the
    /// modality's certificate against the site's trusted authorities and its <see cref="Host"/> name.
    /// </summary>
    public bool UseTls { get; set; }
}
