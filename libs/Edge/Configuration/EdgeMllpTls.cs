using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The agent's HL7 TLS: the MLLP listener's (<c>EdgeAgent:Mllp:Tls</c>) and the connection to the RIS
/// (<c>EdgeAgent:Ris:UseTls</c>), which presents the listener's certificate when there is one. Both use the BCP 195
/// cipher suites the DICOM side uses.
/// </summary>
public static class EdgeMllpTls
{
    /// <summary>The listener's TLS; null when not configured (plain TCP). With the agent's <paramref name="certificates"/>, renewed files are picked up.</summary>
    public static MllpServerTlsOptions? ServerOptions(MllpListenerOptions options, EdgeCertificates? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tls is not { } tls)
        {
            return null;
        }

        return new MllpServerTlsOptions
        {
            Certificate = certificates?.Mllp is null ? EdgeTls.LoadCertificate(tls) : null,
            CertificateSource = certificates?.Mllp is { } certificate ? () => certificate.Current : null,
            RequireClientCertificate = tls.RequireClientCertificate,
            ClientCertificateValidation = (certificates is null ? EdgeTls.Trust(tls) : certificates.MllpTrust)?.ClientCertificateValidation,
            CipherSuites = DicomTls.Bcp195CipherSuites(),
        };
    }

    /// <summary>TLS to the RIS; null unless <see cref="RisEndpointOptions.UseTls"/>.</summary>
    public static MllpClientTlsOptions? ClientOptions(RisEndpointOptions ris, MllpListenerOptions listener, EdgeCertificates? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(ris);
        ArgumentNullException.ThrowIfNull(listener);
        if (!ris.UseTls)
        {
            return null;
        }

        var authorities = certificates is not null ? certificates.RisTrust
            : string.IsNullOrWhiteSpace(ris.TrustedAuthoritiesPath) ? null : DicomCertificateTrust.FromPemFile(ris.TrustedAuthoritiesPath);
        var certificate = certificates?.Mllp;
        return new MllpClientTlsOptions
        {
            TargetHost = string.IsNullOrWhiteSpace(ris.ServerName) ? null : ris.ServerName,
            ClientCertificate = certificate is null && listener.Tls is { } tls ? EdgeTls.LoadCertificate(tls) : null,
            ClientCertificateSource = certificate is null ? null : () => certificate.Current,
            ServerCertificateValidation = authorities?.ServerCertificateValidation,
            CipherSuites = DicomTls.Bcp195CipherSuites(),
        };
    }

    /// <summary>Every problem of the HL7 TLS settings, with their configuration paths.</summary>
    public static IEnumerable<string> Problems(MllpListenerOptions listener, RisEndpointOptions ris)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(ris);
        foreach (var problem in listener.Tls is { } tls ? EdgeTls.Problems(tls, "EdgeAgent:Mllp") : [])
        {
            yield return problem;
        }

        if (!ris.UseTls && !string.IsNullOrWhiteSpace(ris.TrustedAuthoritiesPath))
        {
            yield return "EdgeAgent:Ris:TrustedAuthoritiesPath is set but EdgeAgent:Ris:UseTls is not: set UseTls to talk TLS to the RIS.";
        }

        if (ris.UseTls && !string.IsNullOrWhiteSpace(ris.TrustedAuthoritiesPath) && EdgeTls.TrustedAuthoritiesProblem(ris.TrustedAuthoritiesPath) is { } bad)
        {
            yield return $"EdgeAgent:Ris:TrustedAuthoritiesPath {bad}";
        }
    }
}
