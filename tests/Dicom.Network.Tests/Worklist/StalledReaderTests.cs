using System.Diagnostics;
using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>
/// A peer that asks for a large worklist and then takes no more data: answers are written with blocking writes, so
/// the write must give up after the read timeout, end that association with the reason, stop the query, and leave the
/// server serving others; and stopping the server must not wait for such a peer.
/// </summary>
public sealed class StalledReaderTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task A_peer_that_stops_reading_a_large_answer_is_let_go_after_the_read_timeout()
    {
        var source = new EndlessSource();
        await using var server = await StartAsync(source, options => options.ReadTimeout = TimeSpan.FromSeconds(1));
        await using var peer = await StallAsync(server);

        await log.WaitForAsync("the peer took no data for 00:00:01", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => server.OpenConnections == 0);

        Assert.True(source.Stopped, "the query went on producing for a peer that was let go");
        Assert.True(source.Yielded > 100, $"only {source.Yielded} items were produced: the write did not wait on a full socket");
        await using var other = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.Verification.Value)]);
        Assert.Equal(DicomStatus.Success, await other.EchoAsync());
    }

    [Fact]
    public async Task Stopping_the_server_does_not_wait_for_a_peer_that_stopped_reading()
    {
        // The read timeout is far away: the A-ABORT that stopping queues cannot be written, so the connection is closed.
        var source = new EndlessSource();
        var server = await StartAsync(source, options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        await using var peer = await StallAsync(server);
        await Eventually.TrueAsync(() => source.Yielded > 100);
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(0, server.OpenConnections);
        // The query's enumeration ends on the pool once its write fails, which can be just after DisposeAsync returns.
        await Eventually.TrueAsync(() => source.Stopped, "the query went on producing after the server stopped");
        Assert.True(log.Contains("closed outright"), string.Join("\n", log.Lines.TakeLast(20)));
    }

    private Task<DicomServer> StartAsync(EndlessSource source, Action<DicomServerOptions> configure) =>
        TestServer.StartAsync(new DicomServiceRegistry().AddVerification().AddModalityWorklist(new ModalityWorklistService(source)), log, configure);

    /// <summary>Associates, asks for every item with its long comment, then reads nothing: the socket buffers fill and the server's write waits.</summary>
    private static async Task<RawPeer> StallAsync(DicomServer server)
    {
        var peer = await RawPeer.ConnectAsync(server.LocalEndPoint);
        await peer.SendAsync(RawDimsePeer.Request(null, DicomUid.ModalityWorklistInformationModelFind.Value));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync());
        var identifier = new DicomDataset().SetEmpty(DicomTag.PatientName).SetEmpty(DicomTag.PatientComments);
        var command = DimseCommand.Request(DimseCommandField.CFindRequest, 1, DicomUid.ModalityWorklistInformationModelFind.Value, null, hasDataSet: true);
        await peer.SendAsync(new PDataTransferPdu(new ValueList<PresentationDataValue>([
            new PresentationDataValue(1, true, true, DicomDatasetWriter.Encode(command, DicomTransferSyntax.ImplicitVRLittleEndian)),
            new PresentationDataValue(1, false, true, DicomDatasetWriter.Encode(identifier, DicomTransferSyntax.ImplicitVRLittleEndian)),
        ])));
        return peer;
    }

    /// <summary>Items with a comment of 8,000 characters each, for as long as the query runs; remembers that it was stopped.</summary>
    private sealed class EndlessSource : IWorklistItemSource
    {
        private static readonly string Comment = new('x', 8_000);
        private volatile bool stopped;
        private int yielded;

        public bool Stopped => stopped;

        public int Yielded => Volatile.Read(ref yielded);

        public async IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Interlocked.Increment(ref yielded);
                    yield return new DicomDataset().SetString(DicomTag.PatientName, $"PATIENT^{i}").SetString(DicomTag.PatientComments, Comment);
                    if (i % 100 == 0)
                    {
                        await Task.Yield();
                    }
                }
            }
            finally
            {
                stopped = true;
            }
        }
    }
}
