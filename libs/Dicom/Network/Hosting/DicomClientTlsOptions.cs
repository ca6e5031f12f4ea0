using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>TLS for a DICOM client (BCP 195: TLS 1.2 or 1.3, AEAD cipher suites with forward secrecy).</summary>
public sealed class DicomClientTlsOptions
{
    /// <summary>The name the server certificate must carry; default: the host connected to.</summary>
    public string? TargetHost { get; set; }

    /// <summary>A client certificate for servers that require one.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Custom server certificate validation (a pinned certificate in tests); default: the system trust and the host name.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }
}
