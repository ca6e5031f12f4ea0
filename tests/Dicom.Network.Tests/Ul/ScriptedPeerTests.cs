using System.Net;
using System.Net.Sockets;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.Dicom.Network.Ul;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Dicom.Network.Tests.Ul;

/// <summary>The state machine driven by a scripted peer: ARTIM, unexpected and invalid PDUs, truncation, release collisions.</summary>
public sealed class ScriptedPeerTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task A_peer_that_never_sends_a_request_is_closed_when_the_artim_timer_expires()
    {
        await using var server = await StartAsync(options => options.ArtimTimeout = TimeSpan.FromSeconds(1));
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint);

        var received = await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(received);
        // The server closes the connection first and logs why just after.
        await log.WaitForAsync("ARTIM timer expired", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_second_association_request_on_an_association_is_aborted_as_unexpected()
    {
        await using var server = await StartAsync();
        await using var peer = await AssociatedPeerAsync(server);

        await peer.SendAsync(RawPeer.EchoRequest());

        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), await peer.ReceiveAsync());
        await peer.DisposeAsync();
        await Eventually.TrueAsync(() => server.OpenConnections == 0);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0, 0, 0, 0, 2, 0, 0 }, AbortReason.UnrecognizedPdu)]
    [InlineData(new byte[] { 0x04, 0, 0x7F, 0, 0, 0 }, AbortReason.InvalidPduParameterValue)]
    [InlineData(new byte[] { 0x04, 0, 0, 0, 0, 6, 0, 0, 0, 1, 1, 3 }, AbortReason.InvalidPduParameterValue)]
    public async Task An_invalid_pdu_is_answered_with_a_provider_abort_and_its_reason(byte[] bytes, AbortReason reason)
    {
        await using var server = await StartAsync();
        await using var peer = await AssociatedPeerAsync(server);

        await peer.SendAsync(bytes);

        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, reason), await peer.ReceiveAsync());
        await peer.DisposeAsync();
        await Eventually.TrueAsync(() => server.OpenConnections == 0);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_pdu_is_aborted()
    {
        await using var server = await StartAsync();
        await using var peer = await AssociatedPeerAsync(server);

        await peer.SendAsync([0x04, 0, 0, 0, 0x10, 0, 0, 0, 0x0F, 0xFA, 1, 3, 1, 2, 3]);
        peer.ShutdownSend();

        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue), await peer.ReceiveAsync());
        await Eventually.TrueAsync(() => server.OpenConnections == 0);
    }

    [Fact]
    public async Task A_pdu_that_stops_half_way_is_aborted_after_the_read_timeout()
    {
        await using var server = await StartAsync(options => options.ReadTimeout = TimeSpan.FromSeconds(1));
        await using var peer = await AssociatedPeerAsync(server);

        await peer.SendAsync([0x04, 0, 0, 0, 0x10, 0]);

        Assert.Equal(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), await peer.ReceiveAsync(TimeSpan.FromSeconds(5)));
        await log.WaitForAsync("no progress on an incomplete PDU", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Data_on_a_context_that_was_not_accepted_aborts_the_association()
    {
        await using var server = await StartAsync();
        await using var peer = await AssociatedPeerAsync(server);

        await peer.SendAsync(new PDataTransferPdu(new PresentationDataValue(5, true, true, new byte[] { 0, 0, 0, 0 })));

        Assert.Equal(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), await peer.ReceiveAsync());
        await log.WaitForAsync("presentation context 5, which was not accepted", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Release_collision_on_the_requestor_side_ends_released()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, CalledAeTitle = "RAWSCP" }, log);
        var peerTask = Task.Run(async () =>
        {
            await using var peer = await RawPeer.AcceptAsync(listener);
            var request = Assert.IsType<AssociateRequestPdu>(await peer.ReceiveAsync());
            await peer.SendAsync(new AssociateAcceptPdu(request.CalledAeTitle, request.CallingAeTitle, [new PresentationContextResult(1, PresentationContextResultReason.Acceptance, DicomUid.ImplicitVRLittleEndian.Value)], new UserInformation { MaximumLength = 16384 }));
            Assert.IsType<ReleaseRequestPdu>(await peer.ReceiveAsync());

            // The acceptor asks for release too: a collision. The requestor answers first (AR-9), then the acceptor (here).
            await peer.SendAsync(ReleaseRequestPdu.Instance);
            Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync());
            await peer.SendAsync(ReleaseResponsePdu.Instance);
            return await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        });

        var association = await client.ConnectAsync([new DicomPresentationContextProposal(DicomUid.Verification.Value)]);
        await association.ReleaseAsync();

        Assert.Equal(AssociationEndKind.Released, (await association.Completion).Kind);
        Assert.Empty(await peerTask);
        await association.DisposeAsync();
    }

    [Fact]
    public async Task Release_collision_on_the_acceptor_side_ends_released()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var user = new AcceptingUlUser();
        var accepted = listener.AcceptSocketAsync();
        await using var peer = await RawPeer.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var loop = AssociationLoop.CreateAcceptor("collision", new NetworkStream(await accepted, ownsSocket: true), new UlOptions { ArtimTimeout = TimeSpan.FromSeconds(5) }, user, NullLogger.Instance, TimeProvider.System);
        loop.Start();
        await peer.SendAsync(RawPeer.EchoRequest());
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync());
        await loop.Established;

        var release = loop.ReleaseAsync();
        Assert.IsType<ReleaseRequestPdu>(await peer.ReceiveAsync());

        // The requestor asks too, then (being the requestor, AR-9) answers first; the acceptor confirms (AR-10) and answers (AR-4).
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        await peer.SendAsync(ReleaseResponsePdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync());
        await release.WaitAsync(TimeSpan.FromSeconds(5));
        await peer.DisposeAsync();

        var end = await loop.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AssociationEndKind.Released, end.Kind);
        await loop.DisposeAsync();
    }

    [Fact]
    public async Task A_peer_abort_fails_the_operation_in_progress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, CalledAeTitle = "RAWSCP" }, log);
        var peerTask = Task.Run(async () =>
        {
            await using var peer = await RawPeer.AcceptAsync(listener);
            var request = Assert.IsType<AssociateRequestPdu>(await peer.ReceiveAsync());
            await peer.SendAsync(new AssociateAcceptPdu(request.CalledAeTitle, request.CallingAeTitle, [new PresentationContextResult(1, PresentationContextResultReason.Acceptance, DicomUid.ImplicitVRLittleEndian.Value)], new UserInformation()));
            Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync());
            await peer.SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
        });

        var error = await Assert.ThrowsAsync<DicomNetworkException>(() => client.EchoAsync());

        Assert.Contains("A-ABORT from the peer", error.Message, StringComparison.Ordinal);
        await peerTask;
    }

    private Task<DicomServer> StartAsync(Action<DicomServerOptions>? configure = null) =>
        TestServer.StartAsync(new DicomServiceRegistry().AddVerification(), log, configure);

    /// <summary>A raw peer whose echo association the server has accepted: the starting point of most scripts.</summary>
    private static async Task<RawPeer> AssociatedPeerAsync(DicomServer server)
    {
        var peer = await RawPeer.ConnectAsync(server.LocalEndPoint);
        try
        {
            await peer.SendAsync(RawPeer.EchoRequest());
            Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync());
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }
}
