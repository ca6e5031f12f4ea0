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
/// server serving others.
/// </summary>
public sealed class StalledReaderTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task A_peer_that_stops_reading_a_large_answer_is_let_go_after_the_read_timeout()
    {
        var source = new EndlessSource();
        await using var server = await TestServer.StartAsync(
            new DicomServiceRegistry().AddVerification().AddModalityWorklist(new ModalityWorklistService(source)),
            log,
            options => options.ReadTimeout = TimeSpan.FromSeconds(1));
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint);
        await peer.SendAsync(RawDimsePeer.Request(null, DicomUid.ModalityWorklistInformationModelFind.Value));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync());

        // Asks for every item with its long comment, then reads nothing: the socket buffers fill and the server's write waits.
        var identifier = new DicomDataset().SetEmpty(DicomTag.PatientName).SetEmpty(DicomTag.PatientComments);
        var command = DimseCommand.Request(DimseCommandField.CFindRequest, 1, DicomUid.ModalityWorklistInformationModelFind.Value, null, hasDataSet: true);
        await peer.SendAsync(new PDataTransferPdu(new ValueList<PresentationDataValue>([
            new PresentationDataValue(1, true, true, DicomDatasetWriter.Encode(command, DicomTransferSyntax.ImplicitVRLittleEndian)),
            new PresentationDataValue(1, false, true, DicomDatasetWriter.Encode(identifier, DicomTransferSyntax.ImplicitVRLittleEndian)),
        ])));

        await log.WaitForAsync("the peer took no data for 00:00:01", TimeSpan.FromSeconds(30));
        for (var i = 0; i < 400 && server.OpenConnections > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(0, server.OpenConnections);
        Assert.True(source.Stopped, "the query went on producing for a peer that was let go");
        Assert.True(source.Yielded > 100, $"only {source.Yielded} items were produced: the write did not wait on a full socket");
        await using var other = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.Verification.Value)]);
        Assert.Equal(DicomStatus.Success, await other.EchoAsync());
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
