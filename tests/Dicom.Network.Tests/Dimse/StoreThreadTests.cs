using System.Collections.Concurrent;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.Dicom.Network.Ul;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>
/// Where a C-STORE is handled: on the association's transport thread when the peer waits for each response (no thread
/// hand-off per fragment, the receive path's main cost), on other threads when its window lets stores overlap (so one
/// store's flush does not hold up the next one's data).
/// </summary>
public sealed class StoreThreadTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task A_peer_that_waits_for_each_response_has_its_stores_handled_on_the_transport_thread()
    {
        var threads = await StoreThreeAsync(window: 1);

        Assert.All(threads, thread => Assert.Equal(AssociationLoop.PumpThreadName, thread));
    }

    [Fact]
    public async Task A_peer_with_a_wider_window_has_its_stores_handled_off_the_transport_thread()
    {
        var threads = await StoreThreeAsync(window: 8);

        Assert.All(threads, thread => Assert.NotEqual(AssociationLoop.PumpThreadName, thread));
    }

    /// <summary>The thread names seen by the handler: at its start, and after it has read each data set to the end.</summary>
    private async Task<IReadOnlyCollection<string?>> StoreThreeAsync(int window)
    {
        var handler = new ThreadRecordingHandler();
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(handler), log);
        var client = TestServer.ClientFor(server, log, configure: options => options.MaxAsyncOperations = window);
        await using var association = await client.ConnectAsync([new DicomPresentationContextProposal(DicomUid.CTImageStorage.Value, DicomTransferSyntax.ExplicitVRLittleEndian)]);
        for (var i = 1; i <= 3; i++)
        {
            var uid = $"1.2.3.{i}";
            var dataset = new DicomDataset()
                .SetString(DicomTag.SOPClassUID, DicomUid.CTImageStorage.Value)
                .SetString(DicomTag.SOPInstanceUID, uid)
                .SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[200_000]);
            var bytes = DicomDatasetWriter.Encode(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
            Assert.Equal(DicomStatus.Success, await association.StoreAsync(new MemoryStream(bytes), DicomUid.CTImageStorage.Value, uid, DicomTransferSyntax.ExplicitVRLittleEndian));
        }

        await association.ReleaseAsync();
        Assert.Equal(window, association.OperationsWindow);
        Assert.Equal(6, handler.Threads.Count);
        return handler.Threads;
    }

    private sealed class ThreadRecordingHandler : ICStoreHandler
    {
        public ConcurrentQueue<string?> Threads { get; } = new();

        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            Threads.Enqueue(Thread.CurrentThread.Name);
            await request.DataSet.CopyToAsync(Stream.Null, cancellationToken);
            Threads.Enqueue(Thread.CurrentThread.Name);
            return DicomStatus.Success;
        }
    }
}
