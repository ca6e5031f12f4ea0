using System.Globalization;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Storage;

/// <summary>
/// The asynchronous operations window (PS3.7 D.3.3.3): our SCU keeps several C-STOREs in flight on one association
/// where the SCP agrees, and one at a time where it does not (storescp).
/// </summary>
public sealed class AsyncOperationsWindowTests(ITestOutputHelper output)
{
    private const int Overlap = 3;
    private readonly TestLog log = new(output);

    [Theory]
    [InlineData(0, 8, 8)]
    [InlineData(4, 8, 4)]
    [InlineData(16, 8, 8)]
    public void The_acceptor_never_allows_more_than_proposed_or_than_it_performs(ushort proposed, int ours, ushort answered)
    {
        var answer = AsynchronousOperationsNegotiation.Answer(new AsynchronousOperationsWindow(proposed, 3), ours);

        Assert.Equal(new AsynchronousOperationsWindow(answered, 1), answer);
        Assert.Null(AsynchronousOperationsNegotiation.Answer(null, ours));
    }

    [Fact]
    public async Task Our_scu_keeps_several_stores_in_flight_on_one_association_to_our_scp()
    {
        using var temp = new TempDirectory();
        var stored = new StoredFiles(temp.CreateSubdirectory("stored"));
        var handler = new OverlapAwaitingHandler(stored.Handler, Overlap);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(handler), log);
        var files = SeriesGenerator.Write(temp.CreateSubdirectory("series"), 12, DicomTransferSyntax.ExplicitVRLittleEndian);
        var client = TestServer.ClientFor(server, log, configure: options => options.MaxAsyncOperations = 8);
        await using var association = await client.ConnectAsync([new DicomPresentationContextProposal(DicomUid.MRImageStorage.Value)]);

        var statuses = await association.StoreFilesAsync(files);
        await association.ReleaseAsync();

        Assert.Equal(8, association.OperationsWindow);
        Assert.All(statuses, status => Assert.Equal(DicomStatus.Success, status));
        Assert.Equal(files.Count, Directory.EnumerateFiles(stored.Directory, "*.dcm").Count());
        Assert.True(handler.MostInFlight >= Overlap, $"at most {handler.MostInFlight} stores were in flight at once");
    }

    [Fact]
    public async Task Storescp_negotiates_no_window_and_our_scu_stores_one_at_a_time()
    {
        using var temp = new TempDirectory();
        var received = temp.CreateSubdirectory("received");
        var files = SeriesGenerator.Write(temp.CreateSubdirectory("series"), 10, DicomTransferSyntax.ExplicitVRLittleEndian);
        var port = FreeTcpPort.Next();
        await using var storescp = await PeerProcess.StartAsync("storescp", port, ["-od", received, "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture)], environment: Dcmtk.Environment);
        var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = port, CalledAeTitle = "STORESCP", CallingAeTitle = "OURSCU", MaxAsyncOperations = 8 }, log);
        await using var association = await client.ConnectAsync([new DicomPresentationContextProposal(DicomUid.MRImageStorage.Value)]);

        var statuses = await association.StoreFilesAsync(files);
        await association.ReleaseAsync();

        Assert.Equal(1, association.OperationsWindow);
        Assert.All(statuses, status => Assert.Equal(DicomStatus.Success, status));
        Assert.Equal(files.Count, Directory.EnumerateFiles(received).Count());
    }

    /// <summary>
    /// Stores, then holds each response back until <paramref name="overlap"/> stores have been in flight at once; with
    /// one operation at a time that never happens and the guard fails the stores.
    /// </summary>
    private sealed class OverlapAwaitingHandler(ICStoreHandler inner, int overlap) : ICStoreHandler
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int inFlight;
        private int mostInFlight;

        public int MostInFlight => Volatile.Read(ref mostInFlight);

        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            if (now >= overlap)
            {
                reached.TrySetResult();
            }

            try
            {
                var status = await inner.StoreAsync(request, cancellationToken);
                await reached.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
                return status;
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var current = Volatile.Read(ref target);
            while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
            {
                current = Volatile.Read(ref target);
            }
        }
    }
}
