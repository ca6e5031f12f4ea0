using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// TLS for an <see cref="MllpServer"/> ("secure MLLP": MLLP framing inside TLS, as IHE ATNA's secure node asks).
/// The certificate comes loaded; where it is kept is the host's business.
/// </summary>
public sealed class MllpServerTlsOptions
{
    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Asked at each handshake instead of <see cref="Certificate"/>: for a certificate the site renews while the server
    /// runs (the edge agent reloads it from its files when they change).
    /// </summary>
    public Func<X509Certificate2>? CertificateSource { get; set; }

    internal X509Certificate2 CurrentCertificate => CertificateSource?.Invoke() ?? Certificate!;

    /// <summary>Senders must present a client certificate (checked by <see cref="ClientCertificateValidation"/>, else the system trust).</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Custom check of client certificates (a site's own authority).</summary>
    public RemoteCertificateValidationCallback? ClientCertificateValidation { get; set; }

    /// <summary>TLS 1.2 and 1.3 by default.</summary>
    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Cipher suites to allow (a BCP 195 list, say); null: the platform's defaults.</summary>
    public CipherSuitesPolicy? CipherSuites { get; set; }

    /// <summary>A sender that has not completed the handshake by then is disconnected.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    internal void Check()
    {
        if (Certificate is null && CertificateSource is null)
        {
            throw new ArgumentException("MLLP TLS needs a certificate.", nameof(Certificate));
        }

        var certificate = CurrentCertificate;
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The MLLP TLS certificate {certificate.Subject} has no private key.", nameof(Certificate));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero);
    }
}
