using System.Globalization;
using CloudRisPacs.Dicom;
using CloudRisPacs.EndToEnd.Tests.Support;
using CloudRisPacs.TestSupport;
using CloudRisPacs.Tools.LocalDepartment;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>
/// The modality's procedure step and storage commitment through the department, the modality being an independent
/// implementation (dcmjs-dimse; DCMTK ships no MPPS or storage commitment tool): MPPS to the edge agent process, the
/// order's state through the cloud's API, the worklist through findscu, the "examination complete" status at the demo
/// RIS, and the commitment of the stored images decided by the cloud and reported on the modality's association.
/// </summary>
[Collection(SharedDepartment.Name)]
public sealed class MppsTests(DepartmentFixture department)
{
    private readonly CloudApi api = new(department);
    private readonly DcmjsModality modality = new(department, "E2E_CT");

    [Fact]
    public async Task The_procedure_step_starts_and_completes_the_order_takes_it_off_the_worklist_and_tells_the_ris()
    {
        var c = Case.New("P");
        var item = await ScenarioTests.OrderOnWorklistAsync(department, c, "DOE^JOHN");
        var studyUid = item["0020,000d"];
        var mppsUid = DicomUid.Generate().Value;

        var started = await modality.SendAsync(new DimseRequest("N-CREATE", DcmjsModality.Mpps, mppsUid, InProgress(c, item)));
        Assert.Equal(0, started.Status(0));
        await WaitForOrderAsync(c.Accession, "IN PROGRESS", "STARTED");

        var images = await Peers.SendImagesAsync(department.Endpoints, 2, c.PatientId, item["0010,0010"], c.Accession, studyUid);
        await api.WaitForStudyAsync(studyUid, 2, "reconciled");
        var stored = await Task.WhenAll(Directory.GetFiles(images, "*.dcm").Select(Peers.DumpAsync));
        Assert.Equal(0, (await modality.SendAsync(new DimseRequest("N-SET", DcmjsModality.Mpps, mppsUid, Completed(stored)))).Status(0));

        await WaitForOrderAsync(c.Accession, "COMPLETED", "COMPLETED");
        var status = await Eventually.ReturnsAsync(() => Task.FromResult<string?>(RisLog.Messages(department.Endpoints.RisReceivedLog)
                .Select(m => m.Message).FirstOrDefault(m => m.Contains("ORM^O01", StringComparison.Ordinal) && m.Contains(c.Accession, StringComparison.Ordinal)
                    && Orc(m) is [_, _, _, _, _, "CM", ..])),
            $"the demo RIS received the examination-complete status of {c.Accession}", 60, department.Diagnostics);
        Assert.Equal("SC", Orc(status)[1]);
        // The start of the exam went before it (ORC-5 IP).
        Assert.Contains(RisLog.Messages(department.Endpoints.RisReceivedLog).Select(m => m.Message),
            m => m.Contains("ORM^O01", StringComparison.Ordinal) && m.Contains(c.Accession, StringComparison.Ordinal) && Orc(m) is [_, "SC", _, _, _, "IP", ..]);
        Assert.Contains(status.Split('\r'), s => s.StartsWith("ZDS|", StringComparison.Ordinal) && s.Contains(studyUid, StringComparison.Ordinal));
        await Eventually.ReturnsAsync(async () => await Peers.FindWorklistAsync(department.Endpoints, c.Accession) is [] ? "gone" : null,
            $"the edge's worklist no longer offers {c.Accession}", 60, department.Diagnostics);

        // The modality asks whether its images are safe; the cloud has them indexed, so the edge reports them committed
        // while the modality still holds its association.
        var transaction = DicomUid.Generate().Value;
        var commitment = await modality.SendAsync(DcmjsModality.Commitment(transaction, stored), eventReports: 1);
        Assert.Equal(0, commitment.Status(0));
        var report = Assert.Single(commitment.EventReports);
        Assert.Equal(1, report.GetProperty("eventTypeId").GetInt32());
        Assert.Equal(transaction, report.GetProperty("dataset").GetProperty("TransactionUID").GetString());
        Assert.Equal(stored.Select(i => i["0008,0018"]).Order(),
            report.GetProperty("dataset").GetProperty("ReferencedSOPSequence").EnumerateArray().Select(r => r.GetProperty("ReferencedSOPInstanceUID").GetString()).Order());
    }

    private static string[] Orc(string message) => message.Split('\r').Single(s => s.StartsWith("ORC|", StringComparison.Ordinal)).Split('|');

    private Task<string> WaitForOrderAsync(string accession, string performed, string stepStatus) =>
        Eventually.ReturnsAsync(async () =>
        {
            var order = (await api.GetAsync($"orders/{accession}"))?["orders"]?[0];
            return (string?)order?["order"]?["performedStatus"] == performed && (string?)order?["steps"]?[0]?["item"]?["status"] == stepStatus
                ? performed
                : null;
        }, $"order {accession} performed {performed}, step {stepStatus}", 60, department.Diagnostics);

    private static Dictionary<string, object> InProgress(Case c, IReadOnlyDictionary<string, string> item) => new()
    {
        ["PatientID"] = c.PatientId,
        ["PatientName"] = item["0010,0010"],
        ["ScheduledStepAttributesSequence"] = new[]
        {
            new { StudyInstanceUID = item["0020,000d"], AccessionNumber = c.Accession, ScheduledProcedureStepID = item["0040,0009"] },
        },
        ["PerformedProcedureStepID"] = $"PPS{c.Run}",
        ["PerformedStationAETitle"] = "E2E_CT",
        ["PerformedProcedureStepStartDate"] = DateTime.Now.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        ["PerformedProcedureStepStartTime"] = DateTime.Now.ToString("HHmmss", CultureInfo.InvariantCulture),
        ["PerformedProcedureStepStatus"] = "IN PROGRESS",
        ["Modality"] = "CT",
    };

    private static Dictionary<string, object> Completed(IEnumerable<IReadOnlyDictionary<string, string>> images) => new()
    {
        ["PerformedProcedureStepStatus"] = "COMPLETED",
        ["PerformedProcedureStepEndDate"] = DateTime.Now.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        ["PerformedProcedureStepEndTime"] = DateTime.Now.ToString("HHmmss", CultureInfo.InvariantCulture),
        ["PerformedSeriesSequence"] = images.GroupBy(i => i["0020,000e"]).Select(group => new
        {
            SeriesInstanceUID = group.Key,
            ReferencedImageSequence = group.Select(i => new { ReferencedSOPClassUID = i["0008,0016"], ReferencedSOPInstanceUID = i["0008,0018"] }).ToArray(),
        }).ToArray(),
    };
}
