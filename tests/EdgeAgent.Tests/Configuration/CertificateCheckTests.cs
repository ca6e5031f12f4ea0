using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CloudRisPacs.Edge.Check;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Configuration;

/// <summary>
/// The <c>check</c> lines for the agent's certificates, on certificates written as a site would have them: valid,
/// about to expire, expired, not yet valid, and files that are not a certificate at all.
/// </summary>
public sealed class CertificateCheckTests : IDisposable
{
    private readonly TlsAuthorities authorities = new("certificate-check");

    [Fact]
    public void A_certificate_valid_for_a_year_is_reported_with_its_expiry_date()
    {
        var (certificate, key, notAfter) = SelfSigned(TimeSpan.FromDays(365));

        var result = Assert.Single(CertificateCheck.Check(Options(dicom: Tls(certificate, key))));

        Assert.True(result.Passed, result.ToString());
        Assert.Equal("TLS certificate (DICOM)", result.Subject);
        Assert.Equal($"CN=edge agent from {certificate} is valid until {notAfter:yyyy-MM-dd}", result.Detail);
    }

    [Fact]
    public void Expiry_within_thirty_days_passes_with_a_request_to_renew_and_an_expired_or_future_certificate_fails()
    {
        var files = authorities.Hospital.IssueServerAndClient("edge agent");
        var options = Options(mllp: Tls(files.CertificatePath, files.KeyPath));
        var now = DateTimeOffset.UtcNow;

        var soon = Assert.Single(CertificateCheck.Check(options, new FixedTime(now)));
        var expired = Assert.Single(CertificateCheck.Check(options, new FixedTime(now.AddDays(8))));
        var early = Assert.Single(CertificateCheck.Check(options, new FixedTime(now.AddDays(-1))));

        Assert.True(soon.Passed, soon.ToString());
        Assert.Equal("TLS certificate (HL7)", soon.Subject);
        Assert.Contains("in 6 day(s): renew it soon", soon.Detail, StringComparison.Ordinal);
        Assert.False(expired.Passed);
        Assert.Contains("expired on", expired.Detail, StringComparison.Ordinal);
        Assert.False(early.Passed);
        Assert.Contains("is not valid before", early.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_not_a_certificate_or_a_certificate_without_its_key_fail()
    {
        var files = authorities.Hospital.IssueServer("edge agent");
        var garbage = Path.Combine(authorities.Folder, "garbage.pem");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\ncopied half way");

        var results = CertificateCheck.Check(Options(dicom: Tls(garbage, files.KeyPath), mllp: Tls(files.CertificatePath, authorities.Stranger.IssueClient("other").KeyPath)));

        Assert.Equal(2, results.Count);
        Assert.All(results, result => Assert.False(result.Passed, result.ToString()));
        Assert.Contains("cannot be loaded", results[0].Detail, StringComparison.Ordinal);
        Assert.Contains("cannot be loaded", results[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_tls_there_is_nothing_to_check() => Assert.Empty(CertificateCheck.Check(Options()));

    public void Dispose() => authorities.Dispose();

    private static TlsSettings Tls(string certificate, string key) => new() { CertificatePath = certificate, PrivateKeyPath = key };

    private static EdgeAgentOptions Options(TlsSettings? dicom = null, TlsSettings? mllp = null)
    {
        var options = new EdgeAgentOptions();
        options.Dicom.Tls = dicom;
        options.Mllp.Tls = mllp;
        return options;
    }

    private (string Certificate, string Key, DateTime NotAfter) SelfSigned(TimeSpan validity)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=edge agent", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.Add(validity));
        var certificatePath = Path.Combine(authorities.Folder, "year.pem");
        var keyPath = Path.Combine(authorities.Folder, "year.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath, certificate.NotAfter.ToUniversalTime());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
