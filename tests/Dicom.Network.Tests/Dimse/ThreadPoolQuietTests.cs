using System.Globalization;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Fuzz;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>
/// A storescu series into our storage SCP keeps the thread pool out of the receive path: each instance is read,
/// stored and answered on the association's transport thread, with no thread-pool work item per instance. Before,
/// each instance cost at least two (the runtime's socket engine waking the blocked read through a pool thread, and
/// the answer's sender resuming on one), and each woke a pool thread that then spun for more work, taking a core
/// from the peer and the transport thread on a two-core machine. Alone in its collection: the count is process-wide.
/// </summary>
[Collection(ProcessWideCounts.Name)]
public sealed class ThreadPoolQuietTests(ITestOutputHelper output) : IDisposable
{
    private const int Instances = 200;
    private readonly TestLog log = new(output);
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Storescu_series_needs_no_thread_pool_work_per_instance()
    {
        var files = SeriesGenerator.Write(temp.CreateSubdirectory("series"), Instances, DicomTransferSyntax.ExplicitVRLittleEndian, rows: 256, columns: 256);
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(stored.Handler), log);

        var before = ThreadPool.CompletedWorkItemCount;
        var result = await Dcmtk.RunAsync("storescu", "-R", "+sd", "-aec", TestServer.AeTitle, "127.0.0.1", server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), Path.GetDirectoryName(files[0])!);
        var workItems = ThreadPool.CompletedWorkItemCount - before;

        result.EnsureSuccess("storescu");
        Assert.Equal(Instances, stored.Received.Count);
        output.WriteLine($"thread-pool work items while storescu sent {Instances} instances: {workItems}");

        // What is left is fixed per association and per process started (accept, association set-up, release, reading the tool's output).
        Assert.True(workItems < Instances / 4, $"{workItems} thread-pool work items for {Instances} instances");
    }

    public void Dispose() => temp.Dispose();
}
