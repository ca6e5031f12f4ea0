using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>TLS for an <see cref="MllpClient"/>: the receiver's certificate is checked (name and trust) before any message goes out.</summary>
public sealed class MllpClientTlsOptions
{
    /// <summary>The name the receiver's certificate must carry; default: the host connected to.</summary>
    public string? TargetHost { get; set; }

    /// <summary>A client certificate for receivers that require one.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Asked at each connection instead of <see cref="ClientCertificate"/>: for a certificate renewed while running.</summary>
    public Func<X509Certificate2>? ClientCertificateSource { get; set; }

    /// <summary>Custom check of the receiver's certificate (a site's own authority); default: the system trust and the host name.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>TLS 1.2 and 1.3 by default.</summary>
    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Cipher suites to allow; null: the platform's defaults.</summary>
    public CipherSuitesPolicy? CipherSuites { get; set; }
}
