using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Inbound;

/// <summary>
/// HL7 over MLLP inside TLS, with python-hl7's asyncio client and server (Python's ssl, OpenSSL) as the independent
/// peers and certificates from a test hospital authority: the RIS sends to the agent with a client certificate; the
/// agent delivers results to a RIS that requires the agent's certificate; an untrusted RIS gets nothing.
/// </summary>
public sealed class SecureMllpTests : IDisposable
{
    private readonly TlsAuthorities authorities = new("mllp-tls");

    [Fact]
    public async Task The_ris_sends_over_tls_with_its_certificate_and_gets_durable_acks_while_other_senders_get_nothing()
    {
        var agentCertificate = authorities.Hospital.IssueServerAndClient("edge agent");
        var ris = authorities.Hospital.IssueClient("ris");
        var rogue = authorities.Stranger.IssueClient("rogue sender");
        var settings = new AgentSettings()
            .Set("Mllp:Tls:CertificatePath", agentCertificate.CertificatePath)
            .Set("Mllp:Tls:PrivateKeyPath", agentCertificate.KeyPath)
            .Set("Mllp:Tls:RequireClientCertificate", "true")
            .Set("Mllp:Tls:TrustedAuthoritiesPath", authorities.Hospital.CertificatePath);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var messages = MessageFile(Hl7Samples.Adt("TLS-1", "P1", 1), Hl7Samples.Adt("TLS-2", "P2", 1));

        var sent = await SendAsync(settings, messages, ris.CertificatePath, ris.KeyPath);
        var noCertificate = await SendAsync(settings, MessageFile(Hl7Samples.Adt("NOCERT-1", "P3", 1)));
        var otherAuthority = await SendAsync(settings, MessageFile(Hl7Samples.Adt("ROGUE-1", "P4", 1)), rogue.CertificatePath, rogue.KeyPath);
        var plain = await MllpSend.RunAsync(Hl7Samples.WriteMllpFile([Hl7Samples.Adt("PLAIN-1", "P5", 1)]), settings.MllpPort, TimeSpan.FromSeconds(30));

        sent.EnsureSuccess("python-hl7 over TLS with the hospital's client certificate");
        var acks = sent.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, acks.Length);
        Assert.Contains("|CR|MSA|AA|TLS-1", acks[0], StringComparison.Ordinal);
        Assert.Contains("|CR|MSA|AA|TLS-2", acks[1], StringComparison.Ordinal);
        Assert.Equal(2, noCertificate.ExitCode);
        Assert.Equal(2, otherAuthority.ExitCode);
        Assert.Empty(plain.Acks);
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.Hl7Received).Select(m => m.MessageId).Distinct().Count() >= 2,
            "both messages reached the cloud", 30, agent.Logs.Dump);
        Assert.True(agent.Logs.Contains("TLS handshake failed"), agent.Logs.Dump());
        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
        Assert.Equal($"mllp-tls://127.0.0.1:{settings.MllpPort}", status.GetProperty("endpoints").GetProperty("mllp").GetString());
    }

    [Fact]
    public async Task Results_go_to_a_tls_ris_that_requires_the_agents_certificate_and_never_to_one_whose_certificate_is_not_trusted()
    {
        var agentCertificate = authorities.Hospital.IssueServerAndClient("edge agent");
        var trustedRis = authorities.Hospital.IssueServer("ris");
        var strangeRis = authorities.Stranger.IssueServer("impostor ris");
        await using var ris = await RisListener.StartAsync("AA", trustedRis.CertificatePath, trustedRis.KeyPath, authorities.Hospital.CertificatePath);
        await using var impostor = await RisListener.StartAsync("AA", strangeRis.CertificatePath, strangeRis.KeyPath);
        var settings = TlsRis(ris.Port, agentCertificate);
        var impostorSettings = TlsRis(impostor.Port, agentCertificate);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var misled = await InProcessAgent.StartAsync(impostorSettings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);

        await new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishHl7OutboundAsync("out-tls", Hl7Samples.Oru("ORU-TLS", "P1"));
        await new CloudPublisher(impostorSettings.StorageConnectionString, impostorSettings.TenantId).PublishHl7OutboundAsync("out-misled", Hl7Samples.Oru("ORU-X", "P1"));

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Count >= 1, "the delivery result reached the cloud", 60, agent.Logs.Dump);
        var result = BusContractJson.Deserialize<OutboundDeliveryResult>(Assert.Single(cloud.OfKind(BusMessageKinds.OutboundDeliveryResult)));
        Assert.True(result.Delivered);
        Assert.Equal("AA", result.AcknowledgmentCode);
        Assert.Contains("|ORU-TLS|", Assert.Single(ris.Received()).Message, StringComparison.Ordinal);

        await Eventually.HoldsAsync(() => misled.Logs.Contains("the TLS handshake failed"), "the misled agent says why the RIS is unreachable", 30, misled.Logs.Dump);
        Assert.Empty(impostor.Received());
        Assert.Equal(0, (await misled.Get<OutboundStore>().GetStateAsync("out-misled"))!.Value.State);
    }

    public void Dispose() => authorities.Dispose();

    private AgentSettings TlsRis(int port, IssuedCertificate agentCertificate) => new AgentSettings()
        .Set("Mllp:Tls:CertificatePath", agentCertificate.CertificatePath)
        .Set("Mllp:Tls:PrivateKeyPath", agentCertificate.KeyPath)
        .Set("Ris:Host", "localhost")
        .Set("Ris:Port", port)
        .Set("Ris:UseTls", "true")
        .Set("Ris:TrustedAuthoritiesPath", authorities.Hospital.CertificatePath)
        .Set("Ris:RetryDelay", "00:00:00.200")
        .Set("Ris:MaxRetryDelay", "00:00:00.400");

    private string MessageFile(params string[] messages) => SecureMllpSend.WriteMessages(authorities.Folder, messages);

    private Task<ProcessResult> SendAsync(AgentSettings settings, string messages, params string[] clientCertificate) =>
        SecureMllpSend.RunAsync(settings.MllpPort, authorities.Hospital.CertificatePath, messages, clientCertificate);
}
