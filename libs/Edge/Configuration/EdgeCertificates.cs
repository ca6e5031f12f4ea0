using CloudRisPacs.Dicom.Network.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The agent's TLS certificates (<c>EdgeAgent:Dicom:Tls</c>, <c>EdgeAgent:Mllp:Tls</c>), one per protocol for the
/// listener and for the connections the agent opens alike, each reloaded when its files change: a clinic renews a
/// certificate by replacing the files, without restarting the agent and cutting off modalities or the RIS.
/// </summary>
public sealed class EdgeCertificates
{
    private readonly Lazy<CertificateFile?> dicom;
    private readonly Lazy<CertificateFile?> mllp;

    public EdgeCertificates(DicomListenerOptions dicom, MllpListenerOptions mllp, ILogger<EdgeCertificates> logger)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        ArgumentNullException.ThrowIfNull(mllp);
        this.dicom = new Lazy<CertificateFile?>(() => dicom.Tls is { } tls ? new CertificateFile(EdgeTls.Options(tls), logger) : null);
        this.mllp = new Lazy<CertificateFile?>(() => mllp.Tls is { } tls ? new CertificateFile(EdgeTls.Options(tls), logger) : null);
    }

    /// <summary>The DICOM certificate; null without <c>EdgeAgent:Dicom:Tls</c>. Loaded on first use.</summary>
    public CertificateFile? Dicom => dicom.Value;

    /// <summary>The HL7 certificate; null without <c>EdgeAgent:Mllp:Tls</c>. Loaded on first use.</summary>
    public CertificateFile? Mllp => mllp.Value;
}
