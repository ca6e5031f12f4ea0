using System.Net.Security;
using System.Security.Authentication;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// The BCP 195 (RFC 9325) profile of PS3.15's TLS secure transport connection: protocols and cipher suites, where the
/// platform lets them be chosen. Public so that a host can give its other TLS endpoints (HL7 over MLLP) the same profile.
/// </summary>
public static class DicomTls
{
    /// <summary>AEAD suites with forward secrecy only: RFC 9325 section 4.2 for TLS 1.2, and the TLS 1.3 suites.</summary>
    public static CipherSuitesPolicy? Bcp195CipherSuites() =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
            ? new CipherSuitesPolicy([
                TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
            ])
            : null;

    public static SslProtocols Protocols => SslProtocols.Tls12 | SslProtocols.Tls13;
}
