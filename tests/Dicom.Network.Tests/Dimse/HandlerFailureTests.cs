using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>
/// A handler that fails with a cancellation or a disposal of its own (an HTTP client's timeout inside it, say) while
/// the association lives on: the requestor still gets a response, Processing Failure with the reason, instead of
/// waiting for one that never comes (PS3.7 9.1: every request is answered).
/// </summary>
public sealed class HandlerFailureTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_handler_failing_with_its_own_cancellation_or_disposal_still_answers(bool disposal)
    {
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification(new FailingEcho(disposal)), log);
        var (peer, _) = await RawDimsePeer.AssociateAsync(server.LocalEndPoint, RawDimsePeer.Request(null, DicomUid.Verification.Value));
        await using var __ = peer;

        await peer.SendRequestAsync(1, DimseCommandField.CEchoRequest, 1, DicomUid.Verification.Value);

        var response = Assert.IsType<DimseMessage>(await peer.NextAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DicomStatus.ProcessingFailure, response.Status);
        Assert.Contains(disposal ? "disposed" : "canceled", response.Command.GetString(DicomTag.ErrorComment), StringComparison.OrdinalIgnoreCase);

        // The association goes on: the next request is answered too.
        await peer.SendRequestAsync(1, DimseCommandField.CEchoRequest, 2, DicomUid.Verification.Value);
        Assert.Equal(DicomStatus.ProcessingFailure, Assert.IsType<DimseMessage>(await peer.NextAsync(TimeSpan.FromSeconds(10))).Status);
    }

    private sealed class FailingEcho(bool disposal) : IVerificationHandler
    {
        public async ValueTask<DicomStatus> EchoAsync(DicomEchoRequest request, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(disposal, typeof(HttpClient));
            using var own = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
            await Task.Delay(TimeSpan.FromSeconds(30), own.Token);
            return DicomStatus.Success;
        }
    }
}
