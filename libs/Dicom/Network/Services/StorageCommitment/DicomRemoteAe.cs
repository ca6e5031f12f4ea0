namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>Where a remote application entity listens (for reports sent on a new association).</summary>
public sealed record DicomRemoteAe(string AeTitle, string Host, int Port)
{
    /// <summary>Connect with TLS (the certificate is validated against <see cref="Host"/>).</summary>
    public bool UseTls { get; init; }
}
