using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Hosting;

/// <summary>
/// TLS with the certificate from configuration (a PKCS#12 file and its password): DCMTK's echoscu with its default
/// non-downgrading BCP 195 profile, our client pinning the certificate, and a plain-TCP peer that is turned away.
/// </summary>
public sealed class TlsTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "test-only-password";
    private readonly TestLog log = new(output);
    private readonly TempDirectory temp = new("tls");

    [Fact]
    public async Task Echoscu_with_the_bcp195_profile_talks_to_our_tls_server()
    {
        var (pfx, pem, _) = CreateCertificate();
        await using var server = await StartAsync(pfx);

        var result = await Dcmtk.RunAsync("echoscu", "-v", "+tla", "+cf", pem, "-aec", TestServer.AeTitle, "localhost", server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture));

        output.WriteLine(result.StandardError);
        result.EnsureSuccess("echoscu over TLS");
        Assert.Contains("Received Echo Response (Success)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storescu_stores_a_series_over_tls_unchanged()
    {
        // Multi-PDU data sets read by the association's own thread through the TLS stream, stored by the handler there.
        var (pfx, pem, _) = CreateCertificate();
        var files = SeriesGenerator.Write(temp.CreateSubdirectory("series"), 30, DicomTransferSyntax.ExplicitVRLittleEndian, rows: 256, columns: 256);
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await StartAsync(pfx, new DicomServiceRegistry().AddStorage(stored.Handler));

        var result = await Dcmtk.RunAsync("storescu", "+tla", "+cf", pem, "-R", "+sd", "-aec", TestServer.AeTitle, "localhost",
            server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), Path.GetDirectoryName(files[0])!);

        result.EnsureSuccess("storescu over TLS");
        Assert.Equal(files.Count, stored.Received.Count);
        foreach (var file in files)
        {
            var uid = DicomFileReader.Read(file, new DicomReaderOptions { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID)!;
            Assert.Null(DataSetComparison.Difference(file, Assert.Single(stored.PathsOf(uid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid.Value))));
        }
    }

    [Fact]
    public async Task Our_client_pins_the_server_certificate()
    {
        var (pfx, _, certificate) = CreateCertificate();
        await using var server = await StartAsync(pfx);
        var client = TestServer.ClientFor(server, log, configure: options => options.Tls = new DicomClientTlsOptions
        {
            TargetHost = "localhost",
            ServerCertificateValidation = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
        });

        Assert.Equal(DicomStatus.Success, await client.EchoAsync());

        var other = TestServer.ClientFor(server, log, configure: options => options.Tls = new DicomClientTlsOptions
        {
            ServerCertificateValidation = (_, _, _, _) => false,
        });
        await Assert.ThrowsAnyAsync<Exception>(() => other.EchoAsync());
    }

    [Fact]
    public async Task A_plain_tcp_peer_is_turned_away_and_the_connection_closed()
    {
        var (pfx, _, _) = CreateCertificate();
        await using var server = await StartAsync(pfx);

        var result = await Dcmtk.RunAsync("echoscu", "-aec", TestServer.AeTitle, "127.0.0.1", server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture));

        Assert.NotEqual(0, result.ExitCode);
        await Eventually.TrueAsync(() => server.OpenConnections == 0);
        Assert.True(log.Contains("TLS handshake"), string.Join("\n", log.Lines));
    }

    [Fact]
    public async Task A_peer_that_never_starts_the_handshake_is_closed_after_the_artim_timeout()
    {
        var (pfx, _, _) = CreateCertificate();
        await using var server = await StartAsync(pfx, artimTimeout: TimeSpan.FromSeconds(1));
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint);

        Assert.Empty(await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(10)));

        await Eventually.TrueAsync(() => server.OpenConnections == 0);
        Assert.True(log.Contains("the peer sent nothing for 00:00:01"), string.Join("\n", log.Lines));
    }

    [Fact]
    public void Protocols_older_than_tls_1_2_are_refused_by_validation()
    {
#pragma warning disable SYSLIB0039, CA5397 // Naming an obsolete protocol is the point: validation must refuse it.
        var options = new DicomServerOptions
        {
            AllowAnyCallingAeTitle = true,
            Tls = new DicomTlsOptions { Certificate = CreateCertificate().Certificate, Protocols = System.Security.Authentication.SslProtocols.Tls11 | System.Security.Authentication.SslProtocols.Tls12 },
        };
#pragma warning restore SYSLIB0039, CA5397
        Assert.Contains(options.Validate(), problem => problem.Contains("BCP 195", StringComparison.Ordinal));
    }

    public void Dispose() => temp.Dispose();

    private async Task<DicomServer> StartAsync(string pfx, DicomServiceRegistry? services = null, TimeSpan? artimTimeout = null) =>
        await TestServer.StartAsync(services ?? new DicomServiceRegistry().AddVerification(), log, options =>
        {
            options.Tls = new DicomTlsOptions { CertificatePath = pfx, CertificatePassword = Password };
            options.ArtimTimeout = artimTimeout ?? options.ArtimTimeout;
        });

    /// <summary>A self-signed server certificate for localhost, written as PKCS#12 (for our server) and PEM (for DCMTK to trust).</summary>
    private (string Pfx, string Pem, X509Certificate2 Certificate) CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var pfx = temp.Combine($"{Guid.NewGuid():N}.pfx");
        var pem = temp.Combine($"{Guid.NewGuid():N}.pem");
        File.WriteAllBytes(pfx, created.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(pem, created.ExportCertificatePem());
        return (pfx, pem, X509CertificateLoader.LoadPkcs12FromFile(pfx, Password));
    }
}
