using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

/// <summary>
/// DICOM over TLS at the real agent process, with certificates from a hospital's own authority and DCMTK as the peer:
/// modalities store over TLS with a client certificate from that authority; no certificate, another authority's
/// certificate or plain TCP are turned away; the agent dials a TLS modality (DCMTK storescp) with its own certificate.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly TlsAuthorities authorities = new("edge-tls");

    [Fact]
    public async Task Modalities_store_over_tls_with_a_certificate_from_the_sites_authority_and_everything_else_is_turned_away()
    {
        var agentCertificate = authorities.Hospital.IssueServerAndClient("edge agent");
        var modality = authorities.Hospital.IssueClient("ct room one");
        var rogue = authorities.Stranger.IssueClient("rogue modality");
        var settings = DcmtkToAgentTests.ModalitySettings()
            .Set("Dicom:Tls:CertificatePath", agentCertificate.CertificatePath)
            .Set("Dicom:Tls:PrivateKeyPath", agentCertificate.KeyPath)
            .Set("Dicom:Tls:RequireClientCertificate", "true")
            .Set("Dicom:Tls:TrustedAuthoritiesPath", authorities.Hospital.CertificatePath);
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);

        (await StorescuAsync(settings, "+tls", modality.KeyPath, modality.CertificatePath, "+cf", authorities.Hospital.CertificatePath))
            .EnsureSuccess("storescu over TLS with the hospital's client certificate");
        var noCertificate = await StorescuAsync(settings, "+tla", "+cf", authorities.Hospital.CertificatePath);
        var otherAuthority = await StorescuAsync(settings, "+tls", rogue.KeyPath, rogue.CertificatePath, "+cf", authorities.Hospital.CertificatePath);
        var plain = await StorescuAsync(settings);
        var agentNotTrusted = await StorescuAsync(settings, "+tls", modality.KeyPath, modality.CertificatePath, "+cf", authorities.Stranger.CertificatePath);

        Assert.NotEqual(0, noCertificate.ExitCode);
        Assert.NotEqual(0, otherAuthority.ExitCode);
        Assert.NotEqual(0, plain.ExitCode);
        Assert.NotEqual(0, agentNotTrusted.ExitCode);
        await Eventually.HoldsAsync(() => Occurrences(agent.Output, "TLS handshake with") >= 3,
            "the agent logged each failed handshake", 10, () => agent.Output);
        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
        Assert.Equal(1, status.GetProperty("dicom").GetProperty("stored").GetInt64());
        Assert.Equal($"dicom-tls://CLOUDRISPACS@127.0.0.1:{settings.DicomPort}", status.GetProperty("endpoints").GetProperty("dicom").GetString());
    }

    [Fact]
    public async Task The_agent_dials_a_tls_modality_with_its_certificate_and_says_when_the_modalitys_certificate_is_not_trusted()
    {
        var agentCertificate = authorities.Hospital.IssueServerAndClient("edge agent");
        var trustedPort = FreeTcpPort.Next();
        var untrustedPort = FreeTcpPort.Next();
        var settings = new AgentSettings()
            .Set("Dicom:AllowAnyCallingAeTitle", "false")
            .Set("Dicom:Tls:CertificatePath", agentCertificate.CertificatePath)
            .Set("Dicom:Tls:PrivateKeyPath", agentCertificate.KeyPath)
            .Set("Dicom:Tls:TrustedAuthoritiesPath", authorities.Hospital.CertificatePath)
            .Set("Dicom:Modalities:0:AeTitle", "CT_ROOM1").Set("Dicom:Modalities:0:Host", "localhost").Set("Dicom:Modalities:0:Port", trustedPort)
            .Set("Dicom:Modalities:0:UseTls", "true")
            .Set("Dicom:Modalities:1:AeTitle", "MR_ROOM2").Set("Dicom:Modalities:1:Host", "localhost").Set("Dicom:Modalities:1:Port", untrustedPort)
            .Set("Dicom:Modalities:1:UseTls", "true");
        await using var cleanup = new TenantCleanup(settings);
        var ct = authorities.Hospital.IssueServer("ct room one");
        var mr = authorities.Stranger.IssueServer("mr room two");

        // storescp's default (-rc) requires the agent's client certificate and checks it against the hospital's authority.
        await using var trusted = await StorescpAsync(trustedPort, "CT_ROOM1", ct, authorities.Hospital.CertificatePath);
        await using var untrusted = await StorescpAsync(untrustedPort, "MR_ROOM2", mr, authorities.Hospital.CertificatePath);
        var result = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, "check"], TimeSpan.FromMinutes(2), environment: settings.AsEnvironment());

        var output = result.StandardOutput;
        var diagnostics = $"{output}\n--- CT_ROOM1 storescp:\n{trusted.Output}\n--- MR_ROOM2 storescp:\n{untrusted.Output}";
        Assert.True(output.Contains($"OK    DICOM modality CT_ROOM1: localhost:{trustedPort} answered the DICOM echo (C-ECHO) with success", StringComparison.Ordinal), diagnostics);
        Assert.True(output.Contains($"FAIL  DICOM modality MR_ROOM2: the TLS handshake with localhost:{untrustedPort} failed", StringComparison.Ordinal), diagnostics);
        Assert.True(output.Contains($"OK    TLS certificate (DICOM): CN=edge agent from {agentCertificate.CertificatePath} is valid but expires on", StringComparison.Ordinal), diagnostics);
        Assert.Contains("Received Echo Request", trusted.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Received Echo Request", untrusted.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_renewed_while_the_agent_runs_is_presented_to_the_next_modality_and_hl7_sender()
    {
        // The agent starts with a certificate the modality and the RIS do not trust (the old authority's, say), and the
        // site replaces the files with one from the hospital's authority: no restart, the next connections succeed.
        var files = authorities.Stranger.IssueServerAndClient("edge agent");
        var settings = DcmtkToAgentTests.ModalitySettings()
            .Set("Dicom:Tls:CertificatePath", files.CertificatePath)
            .Set("Dicom:Tls:PrivateKeyPath", files.KeyPath)
            .Set("Mllp:Tls:CertificatePath", files.CertificatePath)
            .Set("Mllp:Tls:PrivateKeyPath", files.KeyPath);
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        var message = SecureMllpSend.WriteMessages(authorities.Folder, Hl7Samples.Adt("RENEW-1", "P-RENEW", 1));

        var storeBefore = await StorescuAsync(settings, "+tla", "+cf", authorities.Hospital.CertificatePath);
        var hl7Before = await SendHl7Async(settings, message);
        Assert.Equal(files, authorities.Hospital.IssueServerAndClient("edge agent"));
        var storeAfter = await StorescuAsync(settings, "+tla", "+cf", authorities.Hospital.CertificatePath);
        var hl7After = await SendHl7Async(settings, message);

        Assert.NotEqual(0, storeBefore.ExitCode);
        Assert.Equal(2, hl7Before.ExitCode);
        storeAfter.EnsureSuccess("storescu trusting the hospital's authority after the renewal");
        hl7After.EnsureSuccess("python-hl7 over TLS trusting the hospital's authority after the renewal");
        Assert.Contains("|CR|MSA|AA|RENEW-1", hl7After.StandardOutput, StringComparison.Ordinal);
        Assert.True(Occurrences(agent.Output, "TLS certificate CN=edge agent loaded") >= 4, agent.Output);
    }

    [Fact]
    public async Task An_authority_added_to_the_sites_bundle_while_the_agent_runs_admits_its_modalities_from_the_next_association()
    {
        var agentCertificate = authorities.Hospital.IssueServerAndClient("edge agent");
        var modality = authorities.Stranger.IssueClient("new vendor modality");
        var bundle = Path.Combine(authorities.Folder, "site-authorities.pem");
        File.Copy(authorities.Hospital.CertificatePath, bundle);
        var settings = DcmtkToAgentTests.ModalitySettings()
            .Set("Dicom:Tls:CertificatePath", agentCertificate.CertificatePath)
            .Set("Dicom:Tls:PrivateKeyPath", agentCertificate.KeyPath)
            .Set("Dicom:Tls:RequireClientCertificate", "true")
            .Set("Dicom:Tls:TrustedAuthoritiesPath", bundle);
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);

        var before = await StorescuAsync(settings, "+tls", modality.KeyPath, modality.CertificatePath, "+cf", authorities.Hospital.CertificatePath);
        await File.AppendAllTextAsync(bundle, "\n" + await File.ReadAllTextAsync(authorities.Stranger.CertificatePath));
        var after = await StorescuAsync(settings, "+tls", modality.KeyPath, modality.CertificatePath, "+cf", authorities.Hospital.CertificatePath);

        Assert.NotEqual(0, before.ExitCode);
        after.EnsureSuccess("storescu with a certificate of the authority added to the site's bundle");
        Assert.Contains($"TLS trusted authorities read again from '{bundle}': 2 certificate(s)", agent.Output, StringComparison.Ordinal);
    }

    public void Dispose() => authorities.Dispose();

    private Task<ProcessResult> SendHl7Async(AgentSettings settings, string messages) =>
        SecureMllpSend.RunAsync(settings.MllpPort, authorities.Hospital.CertificatePath, messages);

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static Task<ProcessResult> StorescuAsync(AgentSettings settings, params string[] tls) =>
        Dcmtk.RunAsync("storescu", [.. tls, "-aet", Dcmtk.ModalityAe, "-aec", Dcmtk.AgentAe, "localhost",
            settings.DicomPort.ToString(CultureInfo.InvariantCulture), Dcmtk.SamplePaths[0]]);

    private Task<PeerProcess> StorescpAsync(int port, string aeTitle, IssuedCertificate certificate, string trusted) =>
        PeerProcess.StartAsync("storescp", port, ["-d", "-aet", aeTitle, "-od", authorities.Folder, "+tls", certificate.KeyPath, certificate.CertificatePath,
            "+cf", trusted, port.ToString(CultureInfo.InvariantCulture)]);
}
