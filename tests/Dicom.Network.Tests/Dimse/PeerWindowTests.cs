using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>
/// Our SCP polices the requestor's asynchronous operations window (PS3.7 D.3.3.3): a request beyond it aborts the
/// association (service provider, unexpected PDU parameter). An operation counts from its request until its final
/// response; C-CANCEL is no operation. The handlers hold their answers back, so what is outstanding is certain.
/// </summary>
public sealed class PeerWindowTests(ITestOutputHelper output)
{
    private const byte Echo = 1;
    private const byte Find = 3;
    private static readonly string FindClass = DicomUid.StudyRootQueryRetrieveInformationModelFind.Value;
    private readonly TestLog log = new(output);
    private readonly GatedEcho echo = new();
    private readonly GatedFind find = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_second_request_before_the_first_is_answered_aborts_a_window_1_association(bool windowItem)
    {
        await using var server = await StartAsync();
        var (peer, accept) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(windowItem ? new AsynchronousOperationsWindow(1, 1) : null));
        await using var _ = peer;
        Assert.Equal(windowItem ? new AsynchronousOperationsWindow(1, 1) : null, accept.UserInformation.AsynchronousOperationsWindow);

        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 1, DicomUid.Verification.Value);
        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 2, DicomUid.Verification.Value);

        Assert.Contains(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter), await peer.RestAsync());
        await log.WaitForAsync("C-ECHO-RQ #2 makes 2 outstanding requests of the peer, more than the asynchronous operations window of 1", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_requestor_that_waits_for_each_response_is_served()
    {
        echo.Open();
        await using var server = await StartAsync();
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(null));
        await using var __ = peer;

        for (ushort id = 1; id <= 3; id++)
        {
            await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, id, DicomUid.Verification.Value);
            var response = await peer.NextMessageAsync();
            Assert.Equal((id, DicomStatus.Success), (response.MessageId, response.Status));
        }

        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.NextAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_message_id_may_be_used_again_the_moment_its_response_is_read()
    {
        // PS3.7 9.1.1.1.1 asks ids to be unique among outstanding requests only. The answered request's handling may
        // still be finishing when the next one arrives under its id; that used to abort the association.
        echo.Open();
        await using var server = await StartAsync();
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(null));
        await using var __ = peer;

        for (var round = 0; round < 500; round++)
        {
            await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 1, DicomUid.Verification.Value);
            var response = await peer.NextMessageAsync();
            Assert.Equal((1, DicomStatus.Success), (response.MessageId, response.Status));
        }

        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.NextAsync(TimeSpan.FromSeconds(10)));
        Assert.False(log.Contains("second outstanding request"), string.Join("\n", log.Lines));
    }

    [Fact]
    public async Task A_second_request_under_an_outstanding_message_id_aborts()
    {
        await using var server = await StartAsync();
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(new AsynchronousOperationsWindow(2, 1)));
        await using var __ = peer;

        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 7, DicomUid.Verification.Value);
        await echo.WaitForAsync(1);
        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 7, DicomUid.Verification.Value);

        Assert.Contains(await peer.RestAsync(), pdu => pdu is AbortPdu);
        await log.WaitForAsync("a second outstanding request with message id 7", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Window_2_allows_two_outstanding_requests()
    {
        await using var server = await StartAsync();
        var (peer, accept) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(new AsynchronousOperationsWindow(2, 1)));
        await using var _ = peer;
        Assert.Equal(2, accept.UserInformation.AsynchronousOperationsWindow!.MaxOperationsInvoked);

        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 1, DicomUid.Verification.Value);
        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 2, DicomUid.Verification.Value);
        await echo.WaitForAsync(2);
        echo.Open();

        var answered = new[] { await peer.NextMessageAsync(), await peer.NextMessageAsync() };
        Assert.Equal([1, 2], answered.Select(m => (int)m.MessageId).Order());
        Assert.All(answered, m => Assert.Equal(DicomStatus.Success, m.Status));
    }

    [Fact]
    public async Task Window_2_aborts_the_third_outstanding_request()
    {
        await using var server = await StartAsync();
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(new AsynchronousOperationsWindow(2, 1)));
        await using var __ = peer;

        for (ushort id = 1; id <= 3; id++)
        {
            await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, id, DicomUid.Verification.Value);
        }

        Assert.Contains(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter), await peer.RestAsync());
        await log.WaitForAsync("C-ECHO-RQ #3 makes 3 outstanding requests of the peer, more than the asynchronous operations window of 2", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Pending_find_responses_do_not_end_the_find()
    {
        await using var server = await StartAsync();
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(null));
        await using var __ = peer;

        await peer.SendRequestAsync(Find, DimseCommandField.CFindRequest, 1, FindClass, dataSet: Identifier());
        Assert.True((await peer.NextMessageAsync()).Status.IsPending);
        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 2, DicomUid.Verification.Value);

        Assert.Contains(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter), await peer.RestAsync());
        await log.WaitForAsync("C-ECHO-RQ #2 makes 2 outstanding requests", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancel_does_not_count_against_the_window()
    {
        // The find ignores the cancel until its gate opens, so it stays outstanding: the cancel must not count as a
        // second operation, and the abort comes only with the third real request.
        find.IgnoresCancel = true;
        await using var server = await StartAsync();
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(new AsynchronousOperationsWindow(2, 1)));
        await using var __ = peer;

        await peer.SendRequestAsync(Find, DimseCommandField.CFindRequest, 1, FindClass, dataSet: Identifier());
        Assert.True((await peer.NextMessageAsync()).Status.IsPending);
        await peer.SendCancelAsync(Find, 1);
        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 2, DicomUid.Verification.Value);
        await echo.WaitForAsync(1);
        await log.WaitForAsync("C-CANCEL for request #1", TimeSpan.FromSeconds(5));
        Assert.False(log.Contains("outstanding requests of the peer"), "the cancel was counted");
        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 3, DicomUid.Verification.Value);

        Assert.Contains(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter), await peer.RestAsync());
        await log.WaitForAsync("C-ECHO-RQ #3 makes 3 outstanding requests", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_find_ends_with_its_final_response_and_the_next_request_is_served()
    {
        echo.Open();
        await using var server = await StartAsync();
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, Request(null));
        await using var __ = peer;

        await peer.SendRequestAsync(Find, DimseCommandField.CFindRequest, 1, FindClass, dataSet: Identifier());
        Assert.True((await peer.NextMessageAsync()).Status.IsPending);
        await peer.SendCancelAsync(Find, 1);
        Assert.Equal(DicomStatus.Cancel, (await peer.NextMessageAsync()).Status);
        await peer.SendRequestAsync(Echo, DimseCommandField.CEchoRequest, 2, DicomUid.Verification.Value);

        Assert.Equal(DicomStatus.Success, (await peer.NextMessageAsync()).Status);
    }

    private static AssociateRequestPdu Request(AsynchronousOperationsWindow? window) =>
        RawDimsePeer.Request(window, DicomUid.Verification.Value, FindClass);

    private static DicomDataset Identifier() => new DicomDataset().SetString(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY");

    private Task<DicomServer> StartAsync() =>
        TestServer.StartAsync(new DicomServiceRegistry().AddVerification(echo).AddFind(FindClass, find), log);

    /// <summary>Answers C-ECHO only once opened; counts the echoes it has seen.</summary>
    private sealed class GatedEcho : IVerificationHandler
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int seen;

        public void Open() => gate.TrySetResult();

        public async Task WaitForAsync(int count)
        {
            for (var i = 0; i < 500 && Volatile.Read(ref seen) < count; i++)
            {
                await Task.Delay(10);
            }

            Assert.Equal(count, Volatile.Read(ref seen));
        }

        public async ValueTask<DicomStatus> EchoAsync(DicomEchoRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref seen);
            await gate.Task.WaitAsync(cancellationToken);
            return DicomStatus.Success;
        }
    }

    /// <summary>One match, then waits for a cancel (or, when it ignores cancels, for the end of the association).</summary>
    private sealed class GatedFind : ICFindHandler
    {
        public bool IgnoresCancel { get; set; }

        public async IAsyncEnumerable<DicomFindResponse> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new DicomFindResponse(DicomStatus.Pending, new DicomDataset().SetString(DicomTag.QueryRetrieveLevel, DicomVR.CS, "STUDY"));
            await Task.Delay(Timeout.Infinite, IgnoresCancel ? CancellationToken.None : cancellationToken);
        }
    }
}
