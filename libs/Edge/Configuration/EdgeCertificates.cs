using CloudRisPacs.Dicom.Network.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The agent's TLS certificates (<c>EdgeAgent:Dicom:Tls</c>, <c>EdgeAgent:Mllp:Tls</c>), one per protocol for the
/// listener and for the connections the agent opens alike, each reloaded when its files change: a clinic renews a
/// certificate by replacing the files, without restarting the agent and cutting off modalities or the RIS. The
/// trusted authority bundles (<c>TrustedAuthoritiesPath</c>) are kept here too, so that their reloads are logged.
/// </summary>
public sealed class EdgeCertificates
{
    private readonly Lazy<CertificateFile?> dicom;
    private readonly Lazy<CertificateFile?> mllp;
    private readonly Lazy<DicomCertificateTrust?> dicomTrust;
    private readonly Lazy<DicomCertificateTrust?> mllpTrust;
    private readonly Lazy<DicomCertificateTrust?> risTrust;

    public EdgeCertificates(DicomListenerOptions dicom, MllpListenerOptions mllp, RisEndpointOptions ris, ILogger<EdgeCertificates> logger)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        ArgumentNullException.ThrowIfNull(mllp);
        ArgumentNullException.ThrowIfNull(ris);
        dicomTrust = new Lazy<DicomCertificateTrust?>(() => Trust(dicom.Tls?.TrustedAuthoritiesPath, logger));
        mllpTrust = new Lazy<DicomCertificateTrust?>(() => Trust(mllp.Tls?.TrustedAuthoritiesPath, logger));
        risTrust = new Lazy<DicomCertificateTrust?>(() => Trust(ris.TrustedAuthoritiesPath, logger));
        this.dicom = new Lazy<CertificateFile?>(() => dicom.Tls is { } tls ? new CertificateFile(EdgeTls.Options(tls), logger) : null);
        this.mllp = new Lazy<CertificateFile?>(() => mllp.Tls is { } tls ? new CertificateFile(EdgeTls.Options(tls), logger) : null);
    }

    /// <summary>The DICOM certificate; null without <c>EdgeAgent:Dicom:Tls</c>. Loaded on first use.</summary>
    public CertificateFile? Dicom => dicom.Value;

    /// <summary>The HL7 certificate; null without <c>EdgeAgent:Mllp:Tls</c>. Loaded on first use.</summary>
    public CertificateFile? Mllp => mllp.Value;

    /// <summary>The authorities modalities' certificates must chain to; null: the system's trust.</summary>
    public DicomCertificateTrust? DicomTrust => dicomTrust.Value;

    /// <summary>The authorities HL7 senders' certificates must chain to; null: the system's trust.</summary>
    public DicomCertificateTrust? MllpTrust => mllpTrust.Value;

    /// <summary>The authorities the RIS's certificate must chain to; null: the system's trust.</summary>
    public DicomCertificateTrust? RisTrust => risTrust.Value;

    private static DicomCertificateTrust? Trust(string? path, ILogger logger) =>
        string.IsNullOrWhiteSpace(path) ? null : DicomCertificateTrust.FromPemFile(path, logger);
}
