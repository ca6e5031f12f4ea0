using System.Globalization;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Hosting;

/// <summary>
/// A certificate renewed while the server runs: the site replaces the files and the next handshake presents the new
/// certificate (checked with DCMTK's echoscu trusting only one authority); files that cannot be loaded leave the old one
/// in use, with one warning per change.
/// </summary>
public sealed class CertificateRenewalTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestLog log = new(output);
    private readonly TempDirectory temp = new("renewal");

    [Fact]
    public async Task The_next_connection_gets_the_renewed_certificate_without_a_restart()
    {
        using var old = new TestCertificateAuthority(temp.Path, "Old CA");
        using var renewed = new TestCertificateAuthority(temp.Path, "New CA");
        var files = old.IssueServer("scp");
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification(), log, options =>
            options.Tls = new DicomTlsOptions { CertificatePath = files.CertificatePath, PrivateKeyPath = files.KeyPath });
        var port = server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);

        (await EchoAsync(old.CertificatePath, port)).EnsureSuccess("echoscu trusting the old authority, before renewal");
        Assert.NotEqual(0, (await EchoAsync(renewed.CertificatePath, port)).ExitCode);

        var again = renewed.IssueServer("scp");
        Assert.Equal(files, again);

        (await EchoAsync(renewed.CertificatePath, port)).EnsureSuccess("echoscu trusting the new authority, after renewal");
        Assert.NotEqual(0, (await EchoAsync(old.CertificatePath, port)).ExitCode);
        Assert.Equal(2, log.Lines.Count(line => line.Contains("TLS certificate CN=scp loaded", StringComparison.Ordinal)));
        Assert.True(log.Contains("expires"), "a certificate valid for a week is warned about");
    }

    [Fact]
    public void Files_that_cannot_be_loaded_leave_the_certificate_in_use_and_are_warned_about_once_per_change()
    {
        using var authority = new TestCertificateAuthority(temp.Path, "Site CA");
        var files = authority.IssueServer("agent");
        var certificates = new CertificateFile(new DicomTlsOptions { CertificatePath = files.CertificatePath, PrivateKeyPath = files.KeyPath }, log.CreateLogger("test"));
        var first = certificates.Current.Thumbprint;

        File.WriteAllText(files.CertificatePath, "-----BEGIN CERTIFICATE-----\nnot a certificate, copied half way");
        Assert.Equal(first, certificates.Current.Thumbprint);
        Assert.Equal(first, certificates.Current.Thumbprint);
        Assert.Single(log.Lines, line => line.Contains("cannot be loaded", StringComparison.Ordinal));

        // A renewal copied file by file: the new certificate arrives before its key and must not be used with the old one.
        var next = authority.IssueServer("agent-next");
        File.Copy(next.CertificatePath, files.CertificatePath, overwrite: true);
        Assert.Equal(first, certificates.Current.Thumbprint);
        Assert.Equal(2, log.Lines.Count(line => line.Contains("cannot be loaded", StringComparison.Ordinal)));

        File.Copy(next.KeyPath, files.KeyPath, overwrite: true);
        var renewed = certificates.Current;
        Assert.NotEqual(first, renewed.Thumbprint);
        Assert.True(renewed.HasPrivateKey);
        Assert.Same(renewed, certificates.Current);
    }

    [Fact]
    public async Task A_replaced_authority_bundle_decides_the_next_client_certificate_check()
    {
        using var site = new TestCertificateAuthority(temp.Path, "Site CA");
        using var added = new TestCertificateAuthority(temp.Path, "Added CA");
        var server = site.IssueServer("scp");
        var modality = added.IssueClient("modality");
        var bundle = temp.Combine("trusted.pem");
        File.Copy(site.CertificatePath, bundle);
        var trust = DicomCertificateTrust.FromPemFile(bundle, log.CreateLogger("trust"));
        await using var scp = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification(), log, options =>
            options.Tls = new DicomTlsOptions
            {
                CertificatePath = server.CertificatePath,
                PrivateKeyPath = server.KeyPath,
                RequireClientCertificate = true,
                ClientCertificateValidation = trust.ClientCertificateValidation,
            });
        var port = scp.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);

        var before = await EchoAsync(port, "+tls", modality.KeyPath, modality.CertificatePath, "+cf", site.CertificatePath);
        File.WriteAllText(bundle, File.ReadAllText(site.CertificatePath) + "\n" + File.ReadAllText(added.CertificatePath));
        var after = await EchoAsync(port, "+tls", modality.KeyPath, modality.CertificatePath, "+cf", site.CertificatePath);
        File.WriteAllText(bundle, "-----BEGIN CERTIFICATE-----\ncopied half way");
        var broken = await EchoAsync(port, "+tls", modality.KeyPath, modality.CertificatePath, "+cf", site.CertificatePath);

        Assert.NotEqual(0, before.ExitCode);
        after.EnsureSuccess("echoscu with a certificate of the authority added to the bundle");
        broken.EnsureSuccess("echoscu after the bundle was overwritten with something unreadable");
        Assert.Equal(2, trust.Count);
        Assert.Single(log.Lines, line => line.Contains("trusted authorities read again", StringComparison.Ordinal));
        Assert.Single(log.Lines, line => line.Contains("cannot be read; the previous 2 authorities stay in force", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bundle_concatenated_without_newlines_between_certificates_trusts_every_authority_in_it()
    {
        using var first = new TestCertificateAuthority(temp.Path, "First CA");
        using var second = new TestCertificateAuthority(temp.Path, "Second CA");
        using var third = new TestCertificateAuthority(temp.Path, "Third CA");
        var bundle = temp.Combine("cat.pem");
        File.WriteAllText(bundle, string.Concat(new[] { first, second, third }.Select(ca => File.ReadAllText(ca.CertificatePath).TrimEnd())));

        var trust = DicomCertificateTrust.FromPemFile(bundle, log.CreateLogger("trust"));

        Assert.Equal(3, trust.Count);
    }

    public void Dispose() => temp.Dispose();

    private static Task<ProcessResult> EchoAsync(string trusted, string port) =>
        Dcmtk.RunAsync("echoscu", "+tla", "+cf", trusted, "-aec", TestServer.AeTitle, "localhost", port);

    private static Task<ProcessResult> EchoAsync(string port, params string[] tls) =>
        Dcmtk.RunAsync("echoscu", [.. tls, "-aec", TestServer.AeTitle, "localhost", port]);
}
