using System.Globalization;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.Dicom.Network.Tests.Worklist;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Interop;

/// <summary>Our SCU against DCMTK's SCPs: echo and store to storescp, worklist queries to wlmscpfs.</summary>
public sealed class ClientInteropTests(WorklistPeers worklist, ITestOutputHelper output) : IClassFixture<WorklistPeers>
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task Our_scu_stores_files_to_storescp_which_receives_them_unchanged()
    {
        using var temp = new TempDirectory();
        var received = temp.CreateSubdirectory("received");
        var series = SeriesGenerator.Write(temp.CreateSubdirectory("series"), 20, DicomTransferSyntax.ExplicitVRLittleEndian);
        var rle = SeriesGenerator.Write(temp.CreateSubdirectory("rle"), 5, DicomTransferSyntax.RLELossless);
        var pydicom = new[] { "CT_small.dcm", "MR_small_bigendian.dcm", "JPEG2000.dcm", "rtplan.dcm", "SC_rgb_jpeg_dcmtk.dcm", "image_dfl.dcm" }
            .Select(name => Path.Combine(PeerTools.PydicomTestFiles, name)).ToArray();
        var files = series.Concat(rle).Concat(pydicom).ToArray();
        var port = FreeTcpPort.Next();
        await using var storescp = await PeerProcess.StartAsync("storescp", port, ["-v", "+xa", "-od", received, "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture)], environment: Dcmtk.Environment);
        var client = Client(port, "STORESCP");

        Assert.Equal(DicomStatus.Success, await client.EchoAsync());
        IReadOnlyList<DicomStatus> statuses;
        try
        {
            statuses = await client.StoreFilesAsync(files);
        }
        catch (DicomNetworkException)
        {
            output.WriteLine(storescp.Output);
            throw;
        }

        Assert.All(statuses, status => Assert.Equal(DicomStatus.Success, status));
        var stored = Directory.EnumerateFiles(received).ToDictionary(path => Uid(path), StringComparer.Ordinal);
        foreach (var file in files)
        {
            Assert.True(stored.TryGetValue(Uid(file), out var copy), $"{file} was not received:\n{storescp.Output}");
            Assert.Null(DataSetComparison.Difference(file, copy));
        }
    }

    [Fact]
    public async Task Our_scu_converts_an_uncompressed_file_when_storescp_accepts_only_implicit_vr()
    {
        using var temp = new TempDirectory();
        var received = temp.CreateSubdirectory("received");
        var files = SeriesGenerator.Write(temp.CreateSubdirectory("series"), 3, DicomTransferSyntax.ExplicitVRLittleEndian)
            .Append(Path.Combine(PeerTools.PydicomTestFiles, "MR_small_bigendian.dcm")).ToArray();
        var port = FreeTcpPort.Next();
        await using var storescp = await PeerProcess.StartAsync("storescp", port, ["+xi", "-od", received, "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture)], environment: Dcmtk.Environment);

        var statuses = await Client(port, "STORESCP").StoreFilesAsync(files);

        Assert.All(statuses, status => Assert.Equal(DicomStatus.Success, status));
        foreach (var file in files)
        {
            var copy = Directory.EnumerateFiles(received).Single(path => Uid(path) == Uid(file));
            var stored = DicomFileReader.Read(copy);
            Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, stored.TransferSyntax);
            Assert.Empty(DataSetComparison.Differences(DicomFileReader.Read(file).Dataset, stored.Dataset));
        }
    }

    [Theory]
    [InlineData("name-star")]
    [InlineData("station-ae-among-several")]
    [InlineData("date-time-combined")]
    public async Task Our_scu_gets_from_wlmscpfs_what_findscu_gets(string name)
    {
        var (_, dump, _) = WorklistInteropTests.OwnQueries().Select(row => ((string)row[0], (string)row[1], (int)row[2])).Single(row => row.Item1 == name);
        var queryFile = await worklist.QueryFileAsync($"client-{name}", dump);
        var expected = (await worklist.FindscuAsync(worklist.WlmscpfsPort, queryFile)).Select(NormalizedResponse.Of).Select(r => r.Identity).Order(StringComparer.Ordinal).ToList();
        var identifier = DicomFileReader.Read(queryFile).Dataset;

        var responses = new List<string>();
        await foreach (var response in Client(worklist.WlmscpfsPort, WorklistPeers.AeTitle).FindAsync(DicomUid.ModalityWorklistInformationModelFind.Value, identifier))
        {
            Assert.Equal(DicomStatus.Pending, response.Status);
            responses.Add(NormalizedResponse.Of(response.Identifier!).Identity);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, responses.Order(StringComparer.Ordinal));
    }

    private static string Uid(string path) => DicomFileReader.Read(path, new DicomReaderOptions { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID)!;

    private DicomClient Client(int port, string calledAeTitle) => new(
        new DicomClientOptions { Host = "127.0.0.1", Port = port, CalledAeTitle = calledAeTitle, CallingAeTitle = "OURSCU" },
        log);
}
