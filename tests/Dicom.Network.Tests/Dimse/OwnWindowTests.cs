using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>
/// Our side keeps to the peer's asynchronous operations window (PS3.7 D.3.3.3) on every path: concurrent operations
/// of our client wait for a place, and our SCP's storage commitment reports on the requester's association go one at
/// a time. A raw peer holds each request back for a while and watches that nothing else arrives meanwhile.
/// </summary>
public sealed class OwnWindowTests(ITestOutputHelper output)
{
    private static readonly string FindClass = DicomUid.StudyRootQueryRetrieveInformationModelFind.Value;
    private static readonly TimeSpan Watch = TimeSpan.FromMilliseconds(500);
    private readonly TestLog log = new(output);

    [Fact]
    public async Task Our_client_on_a_window_1_association_never_has_two_requests_outstanding()
    {
        using var listener = Listen();
        var (association, peer) = await ConnectAsync(listener, DicomUid.Verification.Value, FindClass, DicomUid.StorageCommitmentPushModel.Value);
        await using var _ = peer;

        var find = Task.Run(async () =>
        {
            var matches = 0;
            await foreach (var response in association.FindAsync(FindClass, Identifier()))
            {
                matches += response.Status.IsPending ? 1 : 0;
            }

            return matches;
        });
        var echo = Task.Run(() => association.EchoAsync());
        var action = Task.Run(() => association.RequestStorageCommitmentAsync("1.2.840.99.77", [new DicomSopReference(DicomUid.CTImageStorage.Value, "1.2.3.1")]));

        var seen = new List<DimseCommandField>();
        for (var i = 0; i < 3; i++)
        {
            var request = await peer.NextMessageAsync();
            Assert.True(request.IsRequest, $"{request} is not a request");
            seen.Add(request.CommandField);
            Assert.Null(await peer.NextAsync(Watch));
            if (request.CommandField == DimseCommandField.CFindRequest)
            {
                await peer.RespondAsync(request, DicomStatus.Pending, Identifier());
                await peer.RespondAsync(request, DicomStatus.Pending, Identifier());
            }

            await peer.RespondAsync(request, DicomStatus.Success);
        }

        Assert.Equal(2, await find);
        Assert.Equal(DicomStatus.Success, await echo);
        Assert.Equal(DicomStatus.Success, (await action).Status);
        Assert.Equal([DimseCommandField.CFindRequest, DimseCommandField.CEchoRequest, DimseCommandField.NActionRequest], seen.Order());
        await ReleaseAsync(association, peer);
    }

    [Fact]
    public async Task A_request_waiting_for_a_place_honours_its_cancellation_token()
    {
        using var listener = Listen();
        var (association, peer) = await ConnectAsync(listener, DicomUid.Verification.Value, DicomUid.StorageCommitmentPushModel.Value);
        await using var _ = peer;
        var action = association.RequestStorageCommitmentAsync("1.2.840.99.78", [new DicomSopReference(DicomUid.CTImageStorage.Value, "1.2.3.1")]);
        var request = await peer.NextMessageAsync();

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => association.EchoAsync(cancel.Token));
        Assert.Null(await peer.NextAsync(Watch));

        await peer.RespondAsync(request, DicomStatus.Success);
        Assert.Equal(DicomStatus.Success, (await action).Status);
        var echo = association.EchoAsync();
        await peer.RespondAsync(await peer.NextMessageAsync(), DicomStatus.Success);
        Assert.Equal(DicomStatus.Success, await echo);
        await ReleaseAsync(association, peer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_request_from_inside_a_find_enumeration_throws_when_the_find_fills_the_window(int window)
    {
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification().AddFind(FindClass, new ThreeMatches()), log);
        var client = TestServer.ClientFor(server, log, configure: options => options.MaxAsyncOperations = window);
        await using var association = await client.ConnectAsync([new DicomPresentationContextProposal(FindClass), new DicomPresentationContextProposal(DicomUid.Verification.Value)]);
        Assert.Equal(window, association.Info.MaxOperationsInvoked);
        var matches = 0;

        await foreach (var response in association.FindAsync(FindClass, Identifier()))
        {
            if (matches++ == 0)
            {
                if (window == 1)
                {
                    var error = await Assert.ThrowsAsync<InvalidOperationException>(() => association.EchoAsync());
                    Assert.Contains("asynchronous operations window of 1", error.Message, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(DicomStatus.Success, await association.EchoAsync());
                }
            }
        }

        Assert.Equal(3, matches);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync());
    }

    [Fact]
    public async Task Our_scp_sends_storage_commitment_reports_on_the_requesters_association_one_at_a_time()
    {
        var service = new StorageCommitmentService(new CommitAll(), new StorageCommitmentOptions(), log);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorageCommitment(service), log);
        var (peer, accept) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, RawDimsePeer.Request(new AsynchronousOperationsWindow(2, 2), DicomUid.StorageCommitmentPushModel.Value));
        await using var _ = peer;

        // Asked to perform two at once, our SCP agrees to invoke one at a time on the requester.
        Assert.Equal(new AsynchronousOperationsWindow(2, 1), accept.UserInformation.AsynchronousOperationsWindow);
        for (ushort id = 1; id <= 2; id++)
        {
            var information = new StorageCommitmentReport($"1.2.840.99.8{id}", [new DicomSopReference(DicomUid.CTImageStorage.Value, $"1.2.3.{id}")], []).ToDataSet();
            await peer.SendRequestAsync(1, DimseCommandField.NActionRequest, id, DicomUid.StorageCommitmentPushModel.Value, DicomUid.StorageCommitmentPushModelInstance.Value, information,
                command => command.SetNumber(DicomTag.ActionTypeID, (ushort)1));
        }

        var reports = new List<DimseMessage>();
        var answers = 0;
        while (answers < 2 || reports.Count < 1)
        {
            var message = await peer.NextMessageAsync();
            if (message.CommandField == DimseCommandField.NEventReportRequest)
            {
                reports.Add(message);
            }
            else
            {
                Assert.Equal((DimseCommandField.NActionResponse, DicomStatus.Success), (message.CommandField, message.Status));
                answers++;
            }
        }

        Assert.Single(reports);
        Assert.Null(await peer.NextAsync(Watch));
        await peer.RespondAsync(reports[0], DicomStatus.Success);
        var second = await peer.NextMessageAsync();
        Assert.Equal(DimseCommandField.NEventReportRequest, second.CommandField);
        await peer.RespondAsync(second, DicomStatus.Success);
        await service.WhenReportsDoneAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    /// <summary>Our client associated with a raw SCP that accepts everything and negotiates no window (so 1).</summary>
    private async Task<(DicomClientAssociation Association, RawDimsePeer Peer)> ConnectAsync(TcpListener listener, params string[] sopClasses)
    {
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, CalledAeTitle = "RAWSCP", MaxAsyncOperations = 4 }, log);
        var peer = RawDimsePeer.AcceptAsync(listener);
        var association = await client.ConnectAsync(sopClasses.Select(uid => new DicomPresentationContextProposal(uid)));
        Assert.Equal(1, association.Info.MaxOperationsInvoked);
        return (association, await peer);
    }

    private static async Task ReleaseAsync(DicomClientAssociation association, RawDimsePeer peer)
    {
        var release = association.ReleaseAsync();
        Assert.IsType<ReleaseRequestPdu>(await peer.NextAsync(TimeSpan.FromSeconds(10)));
        await peer.SendAsync(ReleaseResponsePdu.Instance);
        await release;
        await association.DisposeAsync();
    }

    private static DicomDataset Identifier() => new DicomDataset().SetString(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY");

    private sealed class ThreeMatches : ICFindHandler
    {
        public async IAsyncEnumerable<DicomFindResponse> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Yield();
                yield return DicomFindResponse.Match(Identifier());
            }
        }
    }

    private sealed class CommitAll : IStorageCommitmentHandler
    {
        public ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new StorageCommitmentResult(request.Instances, []));
    }
}
