using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CloudRisPacs.Dicom.Network.Hosting;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// What the agent's DICOM and MLLP TLS share: loading the certificate of a <see cref="TlsSettings"/>, the site's
/// trusted authorities, and the checks of both at start. The DICOM library's loader and trust serve MLLP as well, so
/// both protocols read certificates and judge peers the same way.
/// </summary>
public static class EdgeTls
{
    /// <summary>The settings as the DICOM library's TLS options, without the peer check (that needs the CA bundle read).</summary>
    public static DicomTlsOptions Options(TlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        return new DicomTlsOptions
        {
            CertificatePath = tls.CertificatePath,
            PrivateKeyPath = NullIfBlank(tls.PrivateKeyPath),
            CertificatePassword = NullIfBlank(tls.CertificatePassword),
            RequireClientCertificate = tls.RequireClientCertificate,
        };
    }

    /// <summary>The certificate with its private key.</summary>
    public static X509Certificate2 LoadCertificate(TlsSettings tls) => Options(tls).LoadCertificate();

    /// <summary>The site's authorities, or null to let the system's trust store decide.</summary>
    public static DicomCertificateTrust? Trust(TlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        return string.IsNullOrWhiteSpace(tls.TrustedAuthoritiesPath) ? null : DicomCertificateTrust.FromPemFile(tls.TrustedAuthoritiesPath);
    }

    /// <summary>Every problem of <paramref name="tls"/> (at configuration <paramref name="path"/>), in words.</summary>
    public static IEnumerable<string> Problems(TlsSettings tls, string path)
    {
        ArgumentNullException.ThrowIfNull(tls);
        foreach (var problem in Options(tls).Validate())
        {
            yield return $"{path}:{problem}";
        }

        if (!string.IsNullOrWhiteSpace(tls.TrustedAuthoritiesPath) && TrustedAuthoritiesProblem(tls.TrustedAuthoritiesPath) is { } bad)
        {
            yield return $"{path}:Tls:TrustedAuthoritiesPath {bad}";
        }
    }

    /// <summary>Why the CA bundle at <paramref name="path"/> cannot be used; null when it can.</summary>
    public static string? TrustedAuthoritiesProblem(string path)
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
        catch (CryptographicException ex)
        {
            return $"'{path}' is not a PEM certificate bundle: {ex.Message}";
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
