using System.Globalization;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>
/// A worklist query matching more items than <see cref="DicomQueryMatchingOptions.MaxMatches"/>, asked by DCMTK's
/// findscu -W: the first that many come back, then A700 with a comment, never a Success that would pass a cut list off
/// as the whole worklist.
/// </summary>
public sealed class MaxMatchesTests : IDisposable
{
    private readonly TempDirectory temp = new("mwl-max");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task More_matches_than_the_limit_end_with_out_of_resources_after_the_limit()
    {
        var (responses, output, log) = await FindAsync(maxMatches: 2, items: 3);

        Assert.Equal(2, responses);
        Assert.Matches("(?i)Final Find Response \\(Refused: ?Out ?of ?Resources\\)", output);
        Assert.True(log.Contains("More than 2 items match: narrow the query"), string.Join(Environment.NewLine, log.Lines));
    }

    [Fact]
    public async Task Matches_up_to_the_limit_end_with_success()
    {
        var (responses, output, _) = await FindAsync(maxMatches: 3, items: 3);

        Assert.Equal(3, responses);
        Assert.Contains("Final Find Response (Success)", output, StringComparison.Ordinal);
    }

    private async Task<(int Responses, string Output, TestLog Log)> FindAsync(int maxMatches, int items)
    {
        var source = new InMemoryWorklistItemSource([.. Enumerable.Range(1, items).Select(Item)]);
        var log = new TestLog();
        await using var server = await TestServer.StartAsync(
            new DicomServiceRegistry().AddModalityWorklist(new ModalityWorklistService(source, new DicomQueryMatchingOptions { MaxMatches = maxMatches })), log);
        var dump = temp.Combine($"q{maxMatches}.dump");
        var query = temp.Combine($"q{maxMatches}.dcm");
        await File.WriteAllTextAsync(dump, "(0010,0020) LO []\n(0040,0100) SQ\n(fffe,e000) -\n(0008,0060) CS [CT]\n(fffe,e00d) -\n(fffe,e0dd) -\n");
        (await Dcmtk.RunAsync("dump2dcm", dump, query)).EnsureSuccess("dump2dcm");
        var folder = Directory.CreateDirectory(temp.Combine($"out{maxMatches}")).FullName;
        var result = await Dcmtk.RunAsync("findscu", "-v", "-W", "-X", "-od", folder, "-aet", "FINDSCU", "-aec", TestServer.AeTitle, "127.0.0.1",
            server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), query);
        var responses = Directory.EnumerateFiles(folder, "rsp*.dcm").Count(path => DicomFileReader.Read(path).Dataset.GetString(DicomTag.PatientID) is not null);
        return (responses, result.StandardOutput + result.StandardError, log);
    }

    private static DicomDataset Item(int number)
    {
        var item = new DicomDataset().SetString(DicomTag.PatientID, $"P{number}").SetString(DicomTag.AccessionNumber, $"ACC-{number}");
        item.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset().SetString(DicomTag.Modality, "CT").SetString(DicomTag.ScheduledProcedureStepID, "S1"));
        return item;
    }
}
