using CloudRisPacs.EndToEnd.Tests.Support;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>A demographic correction from the RIS after the order is on the worklist and the images are in.</summary>
[Collection(SharedDepartment.Name)]
public sealed class CorrectionTests(DepartmentFixture department)
{
    private readonly CloudApi api = new(department);

    [Fact]
    public async Task An_adt_a08_name_correction_reaches_the_edge_worklist_and_the_study_index()
    {
        var c = Case.New("C");
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.Adt("A04", $"ADT{c.Run}", c.PatientId, "SMITH^ANNA")));
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORM{c.Run}", c.PatientId, "SMITH^ANNA", c.Accession)));
        var item = await WaitForNameAsync(c.Accession, "SMITH^ANNA");
        var studyUid = item["0020,000d"];
        await Peers.SendImagesAsync(department.Endpoints, 1, c.PatientId, "SMITH^ANNA", c.Accession, studyUid);
        await api.WaitForStudyAsync(studyUid, 1, "reconciled");

        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.Adt("A08", $"A08{c.Run}", c.PatientId, "SMITH-JONES^ANNA")));

        await WaitForNameAsync(c.Accession, "SMITH-JONES^ANNA");
        await Eventually.ReturnsAsync(async () =>
        {
            var study = (await api.GetAsync($"studies/{studyUid}"))!["study"]!;
            return (string?)study["patientName"] == "SMITH-JONES^ANNA" ? study : null;
        }, "the study index shows the corrected name", 60, department.Diagnostics);
        var order = (await api.GetAsync($"orders/{c.Accession}"))!;
        Assert.Equal("SMITH-JONES^ANNA", (string?)order["orders"]![0]!["patientName"]);
    }

    private Task<IReadOnlyDictionary<string, string>> WaitForNameAsync(string accession, string name) =>
        Eventually.ReturnsAsync(async () => (await Peers.FindWorklistAsync(department.Endpoints, accession)).FirstOrDefault(i => i["0010,0010"] == name),
            $"findscu -W returns {accession} with patient name {name}", 60, department.Diagnostics);
}
