using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// Certificate checks against a site's own certificate authorities (a PEM bundle) instead of the system's trust store:
/// hospitals issue modality and gateway certificates from an internal CA that no public root vouches for.
/// Revocation is not checked: a clinic's edge must keep working when the CA's CRL endpoint is unreachable. The bundle
/// is read again at the next check when its file changes (a site adding or rolling over an authority needs no
/// restart); a changed file that cannot be read leaves the previous authorities in force, with one warning per change.
/// </summary>
public sealed class DicomCertificateTrust
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private readonly string path;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private X509Certificate2Collection roots;
    private string stamp;
    private string? failedStamp;

    private DicomCertificateTrust(string path, ILogger logger)
    {
        this.path = path;
        this.logger = logger;
        stamp = CertificateFile.Stamp(path);
        roots = Read(path);
    }

    /// <summary>The authorities in a PEM file (one or more <c>BEGIN CERTIFICATE</c> blocks), kept up to date with it.</summary>
    /// <exception cref="CryptographicException">The file holds no certificate or a malformed one.</exception>
    public static DicomCertificateTrust FromPemFile(string path, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new DicomCertificateTrust(path, logger ?? NullLogger.Instance);
    }

    /// <summary>How many authorities are trusted.</summary>
    public int Count => Roots().Count;

    /// <summary>For a server checking its clients' certificates.</summary>
    public RemoteCertificateValidationCallback ClientCertificateValidation => (_, certificate, chain, errors) =>
        Chains(certificate, chain, errors, ClientAuthentication);

    /// <summary>For a client checking the server's certificate, including that it names the host connected to.</summary>
    public RemoteCertificateValidationCallback ServerCertificateValidation => (_, certificate, chain, errors) =>
        !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && Chains(certificate, chain, errors, ServerAuthentication);

    private bool Chains(X509Certificate? presented, X509Chain? presentedChain, SslPolicyErrors errors, string usage)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Roots());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(usage));
        if (presentedChain is not null)
        {
            // Intermediates the peer sent along; the roots still come only from the site's bundle.
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = presented as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()) : null;
        return chain.Build(leaf ?? (X509Certificate2)presented);
    }

    private static X509Certificate2Collection Read(string path)
    {
        var read = new X509Certificate2Collection();

        // A bundle made with cat from files without a final newline runs one END line into the next BEGIN, which PEM
        // readers (RFC 7468) do not take as a boundary: every certificate after the first would be missed.
        read.ImportFromPem(File.ReadAllText(path).Replace("----------BEGIN", "-----\n-----BEGIN", StringComparison.Ordinal));
        return read.Count > 0 ? read : throw new CryptographicException($"'{path}' holds no PEM certificate.");
    }

    private X509Certificate2Collection Roots()
    {
        var now = CertificateFile.Stamp(path);
        lock (gate)
        {
            if (now == stamp || now == failedStamp)
            {
                return roots;
            }

            try
            {
                roots = Read(path);
                stamp = now;
                failedStamp = null;
                HostingLog.TrustReloaded(logger, path, roots.Count);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                failedStamp = now;
                HostingLog.TrustNotReloaded(logger, ex, path, roots.Count);
            }

            return roots;
        }
    }
}
