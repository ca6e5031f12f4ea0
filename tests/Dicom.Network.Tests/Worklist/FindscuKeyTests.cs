using System.Globalization;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>
/// DCMTK's findscu -W against our MWL SCP with what real modalities send: person names with their three component
/// groups, private attributes and a Query/Retrieve Level in the identifier, no Specific Character Set.
/// </summary>
public sealed class FindscuKeyTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("mwl-keys");
    private readonly TestLog log = new();
    private DicomServer? server;

    public async Task InitializeAsync()
    {
        var source = new InMemoryWorklistItemSource([
            Item("YAMADA", "Yamada^Tarou=山田^太郎=やまだ^たろう", "ISO_IR 192"),
            Item("DOE", "DOE^JOHN", "ISO_IR 192"),
        ]);
        server = await TestServer.StartAsync(new DicomServiceRegistry().AddModalityWorklist(new ModalityWorklistService(source)), log);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        temp.Dispose();
    }

    [Theory]
    [InlineData("Yamada^Tarou", "", "YAMADA")]
    [InlineData("*TAROU", "", "YAMADA")]
    [InlineData("=山田^太郎", "ISO_IR 192", "YAMADA")]
    [InlineData("YAMADA*=*=*", "", "YAMADA")]
    [InlineData("*=山田*", "ISO_IR 192", "YAMADA")]
    [InlineData("=やまだ*", "ISO_IR 192", "")]
    [InlineData("==やまだ^たろう", "ISO_IR 192", "YAMADA")]
    [InlineData("DOE*", "", "DOE")]
    public async Task A_person_name_key_matches_each_of_its_component_groups_against_the_same_group(string name, string characterSet, string expected)
    {
        var found = await FindAsync($"""
            (0008,0005) CS [{characterSet}]
            (0010,0010) PN [{name}]
            (0010,0020) LO []
            """);

        Assert.Equal(expected.Length == 0 ? [] : [expected], found.Select(d => d.GetString(DicomTag.PatientID)));
    }

    [Fact]
    public async Task Private_attributes_and_a_query_retrieve_level_in_the_query_are_ignored_and_not_returned()
    {
        var found = await FindAsync("""
            (0008,0052) CS [WORKLIST]
            (0009,0010) LO [ACME 1.1]
            (0009,1001) LO [tube 2]
            (0010,0010) PN []
            (0010,0020) LO []
            """);

        Assert.Equal(["DOE", "YAMADA"], found.Select(d => d.GetString(DicomTag.PatientID)).Order(StringComparer.Ordinal));
        Assert.All(found, d => Assert.DoesNotContain(d, e => e.Tag.IsPrivate || e.Tag == DicomTag.QueryRetrieveLevel));
    }

    [Fact]
    public async Task A_response_in_plain_ASCII_to_a_query_without_character_set_names_none()
    {
        var found = await FindAsync("""
            (0010,0010) PN []
            (0010,0020) LO []
            """);

        var doe = Assert.Single(found, d => d.GetString(DicomTag.PatientID) == "DOE");
        Assert.Null(doe.GetElement(DicomTag.SpecificCharacterSet));
        Assert.Equal("DOE^JOHN", doe.GetString(DicomTag.PatientName));
        var yamada = Assert.Single(found, d => d.GetString(DicomTag.PatientID) == "YAMADA");
        Assert.Equal("ISO_IR 192", yamada.GetString(DicomTag.SpecificCharacterSet));
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", yamada.GetString(DicomTag.PatientName));
    }

    private static DicomDataset Item(string patientId, string name, string characterSet)
    {
        var item = new DicomDataset().SetString(DicomTag.SpecificCharacterSet, characterSet)
            .SetString(DicomTag.PatientName, name).SetString(DicomTag.PatientID, patientId).SetString(DicomTag.AccessionNumber, $"ACC-{patientId}");
        item.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset().SetString(DicomTag.Modality, "CT").SetString(DicomTag.ScheduledProcedureStepID, "S1"));
        return item;
    }

    /// <summary>The query dump (top-level keys) plus an empty step item, through dump2dcm and findscu -W; the response identifiers.</summary>
    private async Task<IReadOnlyList<DicomDataset>> FindAsync(string topLevelKeys)
    {
        var name = Guid.NewGuid().ToString("N");
        var dump = temp.Combine($"{name}.dump");
        var query = temp.Combine($"{name}.dcm");
        await File.WriteAllTextAsync(dump, topLevelKeys + "\n(0040,0100) SQ\n(fffe,e000) -\n(0008,0060) CS []\n(0040,0009) SH []\n(fffe,e00d) -\n(fffe,e0dd) -\n");
        (await Dcmtk.RunAsync("dump2dcm", dump, query)).EnsureSuccess("dump2dcm");
        var output = Directory.CreateDirectory(temp.Combine(name)).FullName;
        (await Dcmtk.RunAsync("findscu", "-W", "-X", "-od", output, "-aet", "FINDSCU", "-aec", TestServer.AeTitle, "127.0.0.1",
            server!.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), query)).EnsureSuccess("findscu");
        return [.. Directory.EnumerateFiles(output, "rsp*.dcm").Order(StringComparer.Ordinal).Select(path => DicomFileReader.Read(path).Dataset)];
    }
}
