using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CloudRisPacs.TestSupport;

/// <summary>
/// A site's own certificate authority for TLS tests, as a hospital runs one: a root, and leaf certificates it issues for
/// servers (named localhost and 127.0.0.1) and clients, each written as PEM certificate and PEM key files for DCMTK and
/// our own configuration alike.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private readonly string folder;
    private readonly RSA key = RSA.Create(2048);
    private readonly X509Certificate2 root;

    public TestCertificateAuthority(string folder, string name)
    {
        this.folder = folder;
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CertificatePath = Path.Combine(folder, $"{Slug(name)}-ca.pem");
        File.WriteAllText(CertificatePath, root.ExportCertificatePem());
    }

    /// <summary>The root certificate as a PEM file (the "trusted authorities" bundle).</summary>
    public string CertificatePath { get; }

    /// <summary>A server certificate for localhost and 127.0.0.1.</summary>
    public IssuedCertificate IssueServer(string name) => Issue(name, ServerAuthentication, withHostNames: true);

    /// <summary>A client certificate.</summary>
    public IssuedCertificate IssueClient(string name) => Issue(name, ClientAuthentication, withHostNames: false);

    /// <summary>A certificate for both roles, as a gateway that listens and dials uses one.</summary>
    public IssuedCertificate IssueServerAndClient(string name) => Issue(name, ServerAuthentication, withHostNames: true, ClientAuthentication);

    /// <summary>A server certificate valid only from <paramref name="notBefore"/> to <paramref name="notAfter"/> (an expired one, say).</summary>
    public IssuedCertificate IssueServer(string name, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(name, ServerAuthentication, withHostNames: true, [], notBefore, notAfter);

    public void Dispose()
    {
        root.Dispose();
        key.Dispose();
    }

    private IssuedCertificate Issue(string name, string usage, bool withHostNames, params string[] moreUsages) =>
        Issue(name, usage, withHostNames, moreUsages, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));

    private IssuedCertificate Issue(string name, string usage, bool withHostNames, string[] moreUsages, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var leafKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection { new Oid(usage) };
        foreach (var more in moreUsages)
        {
            usages.Add(new Oid(more));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        if (withHostNames)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(root, notBefore, notAfter, serial);
        var certificatePath = Path.Combine(folder, $"{Slug(name)}.pem");
        var keyPath = Path.Combine(folder, $"{Slug(name)}.key");
        File.WriteAllText(certificatePath, issued.ExportCertificatePem());
        File.WriteAllText(keyPath, leafKey.ExportPkcs8PrivateKeyPem());
        return new IssuedCertificate(certificatePath, keyPath);
    }

    private static string Slug(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}

/// <summary>An issued certificate's PEM files.</summary>
public sealed record IssuedCertificate(string CertificatePath, string KeyPath);
