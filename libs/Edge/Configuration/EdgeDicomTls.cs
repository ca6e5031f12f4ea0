using CloudRisPacs.Dicom.Network.Hosting;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The agent's DICOM TLS (<c>EdgeAgent:Dicom:Tls</c>) as the DICOM library's server and client options: one
/// certificate for listening and for dialing modalities, and the site's authorities (when given) for checking theirs.
/// </summary>
public static class EdgeDicomTls
{
    /// <summary>The listener's TLS; null when not configured (plain TCP).</summary>
    public static DicomTlsOptions? ServerOptions(DicomListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tls is not { } tls)
        {
            return null;
        }

        var server = WithoutTrust(tls);
        server.ClientCertificateValidation = Trust(tls)?.ClientCertificateValidation;
        return server;
    }

    /// <summary>TLS for an association the agent opens to <paramref name="modality"/>; null when it is not marked UseTls.</summary>
    /// <exception cref="InvalidOperationException">The modality is marked UseTls but the agent has no TLS configured (validation reports this at start).</exception>
    public static DicomClientTlsOptions? ClientOptions(DicomListenerOptions options, DicomPeerOptions modality)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modality);
        if (!modality.UseTls)
        {
            return null;
        }

        var server = ServerOptions(options)
            ?? throw new InvalidOperationException($"Modality {modality.AeTitle} is marked UseTls but EdgeAgent:Dicom:Tls is not configured.");
        return new DicomClientTlsOptions
        {
            ClientCertificate = server.LoadCertificate(),
            ServerCertificateValidation = Trust(options.Tls!)?.ServerCertificateValidation,
        };
    }

    /// <summary>Every problem of the TLS settings and of modalities that need them, with their configuration paths.</summary>
    public static IEnumerable<string> Problems(DicomListenerOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var modality in options.Modalities.Where(m => m.UseTls && options.Tls is null))
        {
            yield return $"Modality {modality.AeTitle} has UseTls but {path}:Tls is not configured: the agent needs a certificate to open TLS associations.";
        }

        if (options.Tls is not { } tls)
        {
            yield break;
        }

        foreach (var problem in WithoutTrust(tls).Validate())
        {
            yield return $"{path}:{problem}";
        }

        if (!string.IsNullOrWhiteSpace(tls.TrustedAuthoritiesPath) && LoadProblem(tls.TrustedAuthoritiesPath) is { } bad)
        {
            yield return $"{path}:Tls:TrustedAuthoritiesPath {bad}";
        }
    }

    private static DicomTlsOptions WithoutTrust(DicomTlsSettings tls) => new()
    {
        CertificatePath = tls.CertificatePath,
        PrivateKeyPath = NullIfBlank(tls.PrivateKeyPath),
        CertificatePassword = NullIfBlank(tls.CertificatePassword),
        RequireClientCertificate = tls.RequireClientCertificate,
    };

    private static DicomCertificateTrust? Trust(DicomTlsSettings tls) =>
        string.IsNullOrWhiteSpace(tls.TrustedAuthoritiesPath) ? null : DicomCertificateTrust.FromPemFile(tls.TrustedAuthoritiesPath);

    private static string? LoadProblem(string path)
    {
        if (!File.Exists(path))
        {
            return $"'{path}' does not exist.";
        }

        try
        {
            _ = DicomCertificateTrust.FromPemFile(path);
            return null;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return $"'{path}' is not a PEM certificate bundle: {ex.Message}";
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
