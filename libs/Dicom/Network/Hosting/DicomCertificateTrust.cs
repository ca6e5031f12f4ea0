using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// Certificate checks against a site's own certificate authorities (a PEM bundle) instead of the system's trust store:
/// hospitals issue modality and gateway certificates from an internal CA that no public root vouches for.
/// Revocation is not checked: a clinic's edge must keep working when the CA's CRL endpoint is unreachable.
/// </summary>
public sealed class DicomCertificateTrust
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private readonly X509Certificate2Collection roots;

    private DicomCertificateTrust(X509Certificate2Collection roots) => this.roots = roots;

    /// <summary>The authorities in a PEM file (one or more <c>BEGIN CERTIFICATE</c> blocks).</summary>
    /// <exception cref="CryptographicException">The file holds no certificate or a malformed one.</exception>
    public static DicomCertificateTrust FromPemFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
        {
            throw new CryptographicException($"'{path}' holds no PEM certificate.");
        }

        return new DicomCertificateTrust(roots);
    }

    /// <summary>How many authorities are trusted.</summary>
    public int Count => roots.Count;

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
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
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
}
