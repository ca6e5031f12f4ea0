using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>
/// A C-STORE data set streams from the SCU's stream to the SCP's handler: the heap stays flat whether the data set is
/// 8 MB or 256 MB (both sides run in this process, so both are measured), and every byte arrives.
/// </summary>
public sealed class StreamingMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Memory_stays_flat_as_the_data_set_grows()
    {
        var log = new TestLog();
        var sink = new MeasuringSink();
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(sink), log);
        var client = TestServer.ClientFor(server, log);
        await using var association = await client.ConnectAsync([new DicomPresentationContextProposal(DicomUid.SecondaryCaptureImageStorage.Value, DicomTransferSyntax.ExplicitVRLittleEndian)]);

        var small = await StoreAsync(association, sink, 8L << 20);
        var large = await StoreAsync(association, sink, 256L << 20);

        output.WriteLine($"peak heap above the start: 8 MB data set {small / 1024} KiB, 256 MB data set {large / 1024} KiB");
        Assert.True(large < small + (32L << 20), $"the heap grew with the data set: {small / 1024} KiB for 8 MB, {large / 1024} KiB for 256 MB");
        Assert.True(large < 64L << 20, $"a 256 MB data set raised the heap by {large / 1024} KiB");
    }

    private static async Task<long> StoreAsync(DicomClientAssociation association, MeasuringSink sink, long pixelBytes)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var stream = new SyntheticDataSetStream(DicomUid.SecondaryCaptureImageStorage.Value, DicomUid.Generate().Value, pixelBytes);
        sink.Reset(GC.GetTotalMemory(forceFullCollection: true), stream.Length, pixelBytes);
        var status = await association.StoreAsync(stream, DicomUid.SecondaryCaptureImageStorage.Value, DicomUid.Generate().Value, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(DicomStatus.Success, status);
        Assert.Equal(stream.Length, sink.Received);
        Assert.True(sink.PatternIntact, "the pixel data arrived changed");
        return sink.Peak;
    }

    /// <summary>Reads the data set, checks the pixel pattern on the way, and samples the live heap every 4 MB.</summary>
    private sealed class MeasuringSink : ICStoreHandler
    {
        private long baseline;
        private long headerLength;

        public long Received { get; private set; }

        public long Peak { get; private set; }

        public bool PatternIntact { get; private set; }

        public void Reset(long heap, long totalLength, long pixelBytes)
        {
            baseline = heap;
            headerLength = totalLength - pixelBytes;
            Received = 0;
            Peak = 0;
            PatternIntact = true;
        }

        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            var buffer = new byte[64 * 1024];
            long nextSample = 0;
            long total = 0;
            int read;
            while ((read = await request.DataSet.ReadAsync(buffer, cancellationToken)) > 0)
            {
                for (var i = 0; i < read; i += 4093)
                {
                    var pixel = total + i - headerLength;
                    if (pixel >= 0 && buffer[i] != SyntheticDataSetStream.PatternAt(pixel))
                    {
                        PatternIntact = false;
                    }
                }

                total += read;
                if (total >= nextSample)
                {
                    // What is still referenced, not what awaits collection: the GC lets garbage pile up to a budget
                    // sized from the CPU's cache (78 MB between collections on a machine with a 260 MiB L3), which
                    // says nothing about whether the data set is held.
                    Peak = Math.Max(Peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                    nextSample += 4L << 20;
                }
            }

            Received = total;
            return DicomStatus.Success;
        }
    }
}
