using CloudRisPacs.EndToEnd.Tests.Support;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>What cannot be matched becomes a visible exception, listed by the API with its reason.</summary>
[Collection(SharedDepartment.Name)]
public sealed class ExceptionTests(DepartmentFixture department)
{
    private readonly CloudApi api = new(department);

    [Fact]
    public async Task An_accession_ordered_for_a_second_patient_is_an_accession_collision()
    {
        var first = Case.New("X");
        var second = Case.New("Y");
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORM{first.Run}", first.PatientId, "FIRST^PAT", first.Accession)));
        await Eventually.ReturnsAsync(() => api.GetAsync($"orders/{first.Accession}"), "the first order is stored", 60, department.Diagnostics);

        // Same accession, another patient: the RIS reused a number. The edge accepts it (it is valid HL7); the cloud flags it.
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORM{second.Run}", second.PatientId, "SECOND^PAT", first.Accession)));

        var exception = await api.WaitForExceptionAsync("accession-collision", e => (string?)e["accessionNumber"] == first.Accession);
        Assert.Equal("open", ((string?)exception["status"])?.ToLowerInvariant());
        Assert.False(string.IsNullOrWhiteSpace((string?)exception["reason"]));
        var order = (await api.GetAsync($"orders/{first.Accession}"))!;
        Assert.Equal(first.PatientId, (string?)order["orders"]![0]!["patientId"]); // the first patient's order is untouched
    }

    [Fact]
    public async Task Images_nobody_ordered_become_an_unmatched_study()
    {
        var c = Case.New("U");
        var studyUid = $"2.25.{new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true)}";
        await Peers.SendImagesAsync(department.Endpoints, 2, c.PatientId, "NOBODY^ORDERED", c.Accession, studyUid);

        var study = await api.WaitForStudyAsync(studyUid, 2, "unmatched");
        Assert.Empty(study["linkedOrders"]!.AsArray());
        var exception = await api.WaitForExceptionAsync("unmatched-study", e => (string?)e["studyInstanceUid"] == studyUid);
        Assert.Contains(c.Accession, exception.ToJsonString(), StringComparison.Ordinal);
    }
}
