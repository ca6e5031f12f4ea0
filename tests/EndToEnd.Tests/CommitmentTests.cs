using CloudRisPacs.Dicom;
using CloudRisPacs.EndToEnd.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>
/// Storage commitment for a modality that releases its association right after asking (as many do): the edge agent
/// waits for the cloud's decision, then opens a new association to the modality's configured address and reports
/// there. The modality, asker and listener, is dcmjs-dimse (DCMTK ships no storage commitment tool).
/// </summary>
[Collection(SharedDepartment.Name)]
public sealed class CommitmentTests(DepartmentFixture department)
{
    private readonly CloudApi api = new(department);

    [Fact]
    public async Task A_modality_that_left_after_asking_gets_its_report_on_a_new_association()
    {
        var c = Case.New("C");
        var item = await ScenarioTests.OrderOnWorklistAsync(department, c, "DOE^JOHN");
        var images = await Peers.SendImagesAsync(department.Endpoints, 2, c.PatientId, item["0010,0010"], c.Accession, item["0020,000d"]);
        var stored = await Task.WhenAll(Directory.GetFiles(images, "*.dcm").Select(Peers.DumpAsync));
        await using var listener = await DcmjsDimsePeer.ListenAsync(department.ListeningModalityPort, TimeSpan.FromMinutes(3));
        var transaction = DicomUid.Generate().Value;

        // Asked right after sending, perhaps before the cloud has indexed the images: it answers once it has.
        var asked = await new DcmjsModality(department, DepartmentFixture.ListeningModalityAe).SendAsync(DcmjsModality.Commitment(transaction, stored));
        Assert.Equal(0, asked.Status(0));

        var report = await listener.NextRequestAsync("N-EVENT-REPORT", TimeSpan.FromSeconds(90));
        Assert.Equal(department.Endpoints.DicomAeTitle, report.GetProperty("callingAe").GetString());
        Assert.Equal(1, report.GetProperty("eventTypeId").GetInt32());
        Assert.Equal(transaction, report.GetProperty("dataset").GetProperty("TransactionUID").GetString());
        Assert.Equal(stored.Select(i => i["0008,0018"]).Order(),
            report.GetProperty("dataset").GetProperty("ReferencedSOPSequence").EnumerateArray().Select(r => r.GetProperty("ReferencedSOPInstanceUID").GetString()).Order());
        await api.WaitForStudyAsync(item["0020,000d"], 2, "reconciled");
    }
}
