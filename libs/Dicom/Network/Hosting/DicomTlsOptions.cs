using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// TLS for a DICOM server (PS3.15 annex B.9, BCP 195 TLS secure transport connection profile): TLS 1.2 or 1.3 only,
/// with the server certificate from configuration (a PKCS#12 file with its password, or PEM certificate and key files).
/// </summary>
public sealed class DicomTlsOptions
{
    /// <summary>A PKCS#12 (.pfx/.p12) file, or a PEM certificate file (then <see cref="PrivateKeyPath"/> names the key).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of the PKCS#12 file, or of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>A certificate given in code instead of a file (tests, secret stores).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Asked at each handshake instead of loading the certificate once: for a host that keeps one
    /// <see cref="CertificateFile"/> for several servers and clients. Without it the server keeps its own, which
    /// reloads <see cref="CertificatePath"/> when it changes.
    /// </summary>
    public Func<X509Certificate2>? CertificateSource { get; set; }

    /// <summary>Require peers to present a client certificate (validated by <see cref="ClientCertificateValidation"/> or the system trust).</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Custom client certificate validation; default: the certificate must chain to a trusted root.</summary>
    public RemoteCertificateValidationCallback? ClientCertificateValidation { get; set; }

    /// <summary>TLS 1.2 and 1.3. BCP 195 forbids anything older, and so does validation.</summary>
    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Every problem of these options, in words; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate() => Problems().ToList();

    private IEnumerable<string> Problems()
    {
        if (CertificateSource is not null)
        {
            // The host loaded and checked it.
        }
        else if (Certificate is null && string.IsNullOrWhiteSpace(CertificatePath))
        {
            yield return "Tls: a certificate is required (CertificatePath, or Certificate in code).";
        }
        else if (Certificate is null && !File.Exists(CertificatePath))
        {
            yield return $"Tls: the certificate file '{CertificatePath}' does not exist.";
        }

        if (PrivateKeyPath is not null && !File.Exists(PrivateKeyPath))
        {
            yield return $"Tls: the private key file '{PrivateKeyPath}' does not exist.";
        }

        if ((Protocols & ~(SslProtocols.Tls12 | SslProtocols.Tls13)) != 0 || Protocols == SslProtocols.None)
        {
            yield return $"Tls: protocols {Protocols} are not allowed; BCP 195 requires TLS 1.2 or 1.3 only.";
        }
    }

    /// <summary>Loads the certificate (with its private key) from configuration; also the client certificate of the same party.</summary>
    public X509Certificate2 LoadCertificate()
    {
        if (Certificate is not null)
        {
            return Certificate;
        }

        var path = CertificatePath ?? throw new InvalidOperationException("Tls: no certificate configured.");
        if (PrivateKeyPath is not null)
        {
            return CertificatePassword is null
                ? X509Certificate2.CreateFromPemFile(path, PrivateKeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, CertificatePassword, PrivateKeyPath);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword);
    }
}
