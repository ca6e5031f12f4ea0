namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// TLS for one of the agent's listeners (sections <c>EdgeAgent:Dicom:Tls</c> and <c>EdgeAgent:Mllp:Tls</c>; BCP 195:
/// TLS 1.2 or 1.3 only). With it the listener speaks only TLS, so patient data and DICOM passcodes never cross the
/// clinic's network in clear. The same certificate is the agent's client certificate when it dials that protocol's
/// peers over TLS (modalities marked <see cref="DicomPeerOptions.UseTls"/>; the RIS with <see cref="RisEndpointOptions.UseTls"/>).
/// </summary>
public sealed class TlsSettings
{
    /// <summary>The agent's certificate: a PKCS#12 file (.pfx/.p12), or a PEM certificate with <see cref="PrivateKeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>
    /// The password of the PKCS#12 file or of an encrypted PEM key. A secret: give it in an environment variable
    /// (<c>EdgeAgent__Dicom__Tls__CertificatePassword</c>, <c>EdgeAgent__Mllp__Tls__CertificatePassword</c>) or the service manager's credential store, never in appsettings.json.
    /// </summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Peers (modalities, the RIS) must present a client certificate that chains to <see cref="TrustedAuthoritiesPath"/> (or to the system's trust).</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>
    /// A PEM file with the certificate authorities the site trusts for its peers (typically the hospital's own CA). When
    /// given, peer certificates are checked against these roots only; otherwise against the system's trust store.
    /// </summary>
    public string? TrustedAuthoritiesPath { get; set; }
}
