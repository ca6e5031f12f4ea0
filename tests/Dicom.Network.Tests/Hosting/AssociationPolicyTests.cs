using System.Globalization;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Hosting;

/// <summary>Who may associate: calling and called AE titles from configuration, the association limit; every rejection says why.</summary>
public sealed class AssociationPolicyTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task Echoscu_with_an_unknown_calling_ae_title_is_rejected_as_not_recognized()
    {
        await using var server = await StartAsync(options => options.AllowedCallingAeTitles = ["MODALITY1"]);

        var intruder = await EchoscuAsync(server, "INTRUDER", TestServer.AeTitle);
        var known = await EchoscuAsync(server, "MODALITY1", TestServer.AeTitle);

        Assert.NotEqual(0, intruder.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", intruder.StandardError + intruder.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Rejected Permanent", intruder.StandardError + intruder.StandardOutput, StringComparison.OrdinalIgnoreCase);
        await log.WaitForAsync("calling AE title 'INTRUDER' is not in AllowedCallingAeTitles", TimeSpan.FromSeconds(5));
        known.EnsureSuccess("echoscu as MODALITY1");
    }

    [Fact]
    public async Task A_replaced_calling_ae_title_list_counts_from_the_next_association_and_an_invalid_one_is_refused()
    {
        await using var server = await StartAsync(options => options.AllowedCallingAeTitles = ["MODALITY1"]);
        (await EchoscuAsync(server, "MODALITY1", TestServer.AeTitle)).EnsureSuccess("echoscu as MODALITY1 before");

        server.ReplaceAllowedCallingAeTitles(["MODALITY2 "]);
        var removed = await EchoscuAsync(server, "MODALITY1", TestServer.AeTitle);
        Assert.NotEqual(0, removed.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", removed.StandardError + removed.StandardOutput, StringComparison.OrdinalIgnoreCase);
        (await EchoscuAsync(server, "MODALITY2", TestServer.AeTitle)).EnsureSuccess("echoscu as the added MODALITY2");

        Assert.Throws<ArgumentException>(() => server.ReplaceAllowedCallingAeTitles(["SEVENTEEN_CHARSXX"]));
        Assert.Throws<ArgumentException>(() => server.ReplaceAllowedCallingAeTitles([]));
        (await EchoscuAsync(server, "MODALITY2", TestServer.AeTitle)).EnsureSuccess("echoscu as MODALITY2 after the refused replacements");
    }

    [Fact]
    public async Task Echoscu_calling_another_ae_title_is_rejected_as_called_not_recognized()
    {
        await using var server = await StartAsync(options => options.AllowedCallingAeTitles = ["ECHOSCU"]);

        var result = await EchoscuAsync(server, "ECHOSCU", "SOMEONEELSE");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", result.StandardError + result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        await log.WaitForAsync("called AE title 'SOMEONEELSE' is not 'OURSCP'", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Our_client_reports_the_rejection_reason()
    {
        await using var server = await StartAsync(options => options.AllowedCallingAeTitles = ["MODALITY1"]);

        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => TestServer.ClientFor(server, log, "INTRUDER").EchoAsync());

        Assert.Contains("calling AE title not recognized", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.ActiveAssociations);
    }

    [Fact]
    public async Task The_association_check_sees_both_ae_titles_and_the_remote_endpoint_and_its_refusal_rejects_permanently()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<DicomAssociationCandidate>();
        await using var server = await StartAsync(options =>
        {
            options.AllowedCallingAeTitles = ["MODALITY1", "MODALITY2"];
            options.AssociationCheck = candidate =>
            {
                seen.Enqueue(candidate);
                return candidate.CallingAeTitle == "MODALITY2" ? $"MODALITY2 belongs at 192.0.2.7, not {candidate.RemoteEndPoint?.Address}" : null;
            };
        });

        Assert.Equal(DicomStatus.Success, await TestServer.ClientFor(server, log, "MODALITY1").EchoAsync());
        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => TestServer.ClientFor(server, log, "MODALITY2").EchoAsync());

        Assert.Contains("Permanent", error.Message, StringComparison.Ordinal);
        Assert.Contains("calling AE title not recognized", error.Message, StringComparison.Ordinal);
        Assert.True(log.Contains("rejected: MODALITY2 belongs at 192.0.2.7, not 127.0.0.1"), string.Join("\n", log.Lines));
        Assert.Equal(["MODALITY1", "MODALITY2"], seen.Select(c => c.CallingAeTitle));
        Assert.All(seen, c => Assert.Equal(TestServer.AeTitle, c.CalledAeTitle));
        Assert.All(seen, c => Assert.Equal(System.Net.IPAddress.Loopback, c.RemoteEndPoint?.Address));

        // A calling AE title outside the allow-list is rejected before the check is asked.
        await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => TestServer.ClientFor(server, log, "INTRUDER").EchoAsync());
        Assert.Equal(2, seen.Count);
        Assert.Equal(0, server.ActiveAssociations);
    }

    [Fact]
    public async Task An_association_check_that_throws_rejects_transiently_and_the_server_keeps_serving()
    {
        var calls = 0;
        await using var server = await StartAsync(options => options.AssociationCheck = _ =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("the directory is away") : null);

        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => TestServer.ClientFor(server, log).EchoAsync());

        Assert.Contains("Transient", error.Message, StringComparison.Ordinal);
        Assert.True(log.Contains("the association check failed: InvalidOperationException: the directory is away"), string.Join("\n", log.Lines));
        Assert.Equal(DicomStatus.Success, await TestServer.ClientFor(server, log).EchoAsync());
    }

    [Fact]
    public async Task Associations_beyond_the_limit_are_rejected_transiently_until_one_ends()
    {
        await using var server = await StartAsync(options => options.MaxConcurrentAssociations = 2);
        var client = TestServer.ClientFor(server, log);
        var verification = new[] { new DicomPresentationContextProposal(DicomUid.Verification.Value) };
        var first = await client.ConnectAsync(verification);
        var second = await client.ConnectAsync(verification);

        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => client.ConnectAsync(verification));
        Assert.Contains("Transient", error.Message, StringComparison.Ordinal);
        Assert.Contains("local limit exceeded", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.ActiveAssociations);

        await first.DisposeAsync();
        // The client's release completes when the A-RELEASE-RP arrives; the server frees the slot just after it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.ActiveAssociations >= 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await using var third = await client.ConnectAsync(verification);
        Assert.Equal(DicomStatus.Success, await third.EchoAsync());
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Presentation_contexts_the_registry_does_not_serve_are_rejected_one_by_one()
    {
        await using var server = await StartAsync();
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([
            new DicomPresentationContextProposal(DicomUid.Verification.Value),
            new DicomPresentationContextProposal(DicomUid.CTImageStorage.Value),
            new DicomPresentationContextProposal(DicomUid.Verification.Value, DicomTransferSyntax.JPEGBaseline8Bit),
        ]);

        var accepted = Assert.Single(association.Info.PresentationContexts);
        Assert.Equal(1, accepted.Id);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync());
        await Assert.ThrowsAsync<DicomNetworkException>(() => association.StoreAsync(Stream.Null, DicomUid.CTImageStorage.Value, "1.2.3", DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void Options_without_calling_ae_titles_are_refused_unless_any_is_allowed_explicitly()
    {
        var options = new DicomServerOptions { AeTitle = "EDGE", Port = 0 };
        var error = Assert.Throws<ArgumentException>(() => new DicomServer(options, new DicomServiceRegistry()));
        Assert.Contains("AllowedCallingAeTitles is empty", error.Message, StringComparison.Ordinal);

        options.AllowAnyCallingAeTitle = true;
        options.AeTitle = "THIS TITLE IS FAR TOO LONG";
        Assert.Contains("AeTitle", Assert.Throws<ArgumentException>(() => new DicomServer(options, new DicomServiceRegistry())).Message, StringComparison.Ordinal);
    }

    private Task<DicomServer> StartAsync(Action<DicomServerOptions>? configure = null) =>
        TestServer.StartAsync(new DicomServiceRegistry().AddVerification(), log, options =>
        {
            options.AllowAnyCallingAeTitle = false;
            options.AllowedCallingAeTitles = ["OURSCU"];
            configure?.Invoke(options);
        });

    private static Task<TestSupport.ProcessResult> EchoscuAsync(DicomServer server, string calling, string called) =>
        Dcmtk.RunAsync("echoscu", "-aet", calling, "-aec", called, "127.0.0.1", server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture));
}
