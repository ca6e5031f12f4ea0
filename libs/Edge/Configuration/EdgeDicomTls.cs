using CloudRisPacs.Dicom.Network.Hosting;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The agent's DICOM TLS (<c>EdgeAgent:Dicom:Tls</c>) as the DICOM library's server and client options: one
/// certificate for listening and for dialing modalities, and the site's authorities (when given) for checking theirs.
/// </summary>
public static class EdgeDicomTls
{
    /// <summary>
    /// The listener's TLS; null when not configured (plain TCP). With the agent's <paramref name="certificates"/> renewed
    /// certificate and authority files are picked up at the next handshake; without, they are read once here.
    /// </summary>
    public static DicomTlsOptions? ServerOptions(DicomListenerOptions options, EdgeCertificates? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tls is not { } tls)
        {
            return null;
        }

        var server = EdgeTls.Options(tls);
        server.ClientCertificateValidation = (certificates is null ? EdgeTls.Trust(tls) : certificates.DicomTrust)?.ClientCertificateValidation;
        if (certificates?.Dicom is { } certificate)
        {
            server.CertificateSource = () => certificate.Current;
        }

        return server;
    }

    /// <summary>TLS for an association the agent opens to <paramref name="modality"/>; null when it is not marked UseTls.</summary>
    /// <exception cref="InvalidOperationException">The modality is marked UseTls but the agent has no TLS configured (validation reports this at start).</exception>
    public static DicomClientTlsOptions? ClientOptions(DicomListenerOptions options, DicomPeerOptions modality, EdgeCertificates? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modality);
        if (!modality.UseTls)
        {
            return null;
        }

        var tls = options.Tls ?? throw new InvalidOperationException($"Modality {modality.AeTitle} is marked UseTls but EdgeAgent:Dicom:Tls is not configured.");
        return new DicomClientTlsOptions
        {
            ClientCertificate = certificates?.Dicom?.Current ?? EdgeTls.LoadCertificate(tls),
            ServerCertificateValidation = (certificates is null ? EdgeTls.Trust(tls) : certificates.DicomTrust)?.ServerCertificateValidation,
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

        foreach (var problem in options.Tls is { } tls ? EdgeTls.Problems(tls, path) : [])
        {
            yield return problem;
        }
    }
}
