using System.Globalization;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>
/// DCMTK's example worklist (wklist*.dump, converted with dump2dcm as its README says) served by both wlmscpfs and our
/// MWL SCP over the same files, for the whole test class.
/// </summary>
public sealed class WorklistPeers : IAsyncLifetime
{
    public const string AeTitle = "OFFIS";
    private readonly TempDirectory temp = new("mwl");
    private PeerProcess? wlmscpfs;
    private DicomServer? ours;

    public string Database => temp.Combine("db", AeTitle);

    public int WlmscpfsPort => wlmscpfs!.Port;

    public int OurPort => ours!.LocalEndPoint.Port;

    public TestLog Log { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Database);
        await File.WriteAllTextAsync(Path.Combine(Database, "lockfile"), string.Empty);
        foreach (var dump in Directory.EnumerateFiles(Path.Combine(PeerTools.DcmtkExamples, "wlistdb", AeTitle), "*.dump"))
        {
            var target = Path.Combine(Database, Path.GetFileNameWithoutExtension(dump) + ".wl");
            (await Dcmtk.RunAsync("dump2dcm", "-g", dump, target)).EnsureSuccess($"dump2dcm {dump}");
        }

        var port = FreeTcpPort.Next();
        wlmscpfs = await PeerProcess.StartAsync("wlmscpfs", port, ["-dfp", temp.Combine("db"), port.ToString(CultureInfo.InvariantCulture)], environment: Dcmtk.Environment);
        var services = new DicomServiceRegistry().AddModalityWorklist(new ModalityWorklistService(new DicomFileWorklistItemSource(Database)));
        ours = await TestServer.StartAsync(services, Log, options => options.AeTitle = AeTitle);
    }

    public async Task DisposeAsync()
    {
        if (ours is not null)
        {
            await ours.DisposeAsync();
        }

        if (wlmscpfs is not null)
        {
            await wlmscpfs.DisposeAsync();
        }

        temp.Dispose();
    }

    /// <summary>Converts a query dump to a file with dump2dcm.</summary>
    public async Task<string> QueryFileAsync(string name, string dump)
    {
        var source = temp.Combine($"{name}.dump");
        var target = temp.Combine($"{name}.dcm");
        await File.WriteAllTextAsync(source, dump);
        (await Dcmtk.RunAsync("dump2dcm", source, target)).EnsureSuccess($"dump2dcm {name}");
        return target;
    }

    /// <summary>Runs findscu -W against a port; returns the response identifiers it extracted, in order.</summary>
    public async Task<IReadOnlyList<DicomDataset>> FindscuAsync(int port, string queryFile)
    {
        var output = Directory.CreateDirectory(temp.Combine("rsp", Guid.NewGuid().ToString("N"))).FullName;
        var result = await Dcmtk.RunAsync("findscu", "-W", "-X", "-od", output, "-aet", "FINDSCU", "-aec", AeTitle, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), queryFile);
        result.EnsureSuccess($"findscu against port {port}");
        return Directory.EnumerateFiles(output, "rsp*.dcm").Order(StringComparer.Ordinal).Select(path => DicomFileReader.Read(path).Dataset).ToArray();
    }
}
