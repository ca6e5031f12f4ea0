namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// A modality: its AE title (allowed as calling AE title), and where it listens, for the echo of the <c>check</c>
/// command and for Storage Commitment reports sent on a new association.
/// </summary>
public sealed class DicomPeerOptions
{
    public string? AeTitle { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 104;
}
