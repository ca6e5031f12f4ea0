using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.EndToEnd.Tests.Support;
using CloudRisPacs.Tools.LocalDepartment;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>
/// The modality's procedure step through the department: MPPS from our own SCU (DCMTK ships none) to the edge agent
/// process, the order's state through the cloud's API, the worklist through findscu, the "examination complete"
/// status at the demo RIS.
/// </summary>
[Collection(SharedDepartment.Name)]
public sealed class MppsTests(DepartmentFixture department)
{
    private readonly CloudApi api = new(department);

    [Fact]
    public async Task The_procedure_step_starts_and_completes_the_order_takes_it_off_the_worklist_and_tells_the_ris()
    {
        var c = Case.New("P");
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.Adt("A04", $"ADT{c.Run}", c.PatientId, "DOE^JOHN")));
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORM{c.Run}", c.PatientId, "DOE^JOHN", c.Accession)));
        var item = await ScenarioTests.WaitForWorklistItemAsync(department, c.Accession);
        var studyUid = item["0020,000d"];
        var modality = new DicomClient(new DicomClientOptions
        {
            Host = DepartmentEndpoints.Host,
            Port = department.Endpoints.DicomPort,
            CallingAeTitle = "E2E_CT",
            CalledAeTitle = department.Endpoints.DicomAeTitle,
        });
        var mppsUid = DicomUid.Generate().Value;

        Assert.Equal(DicomStatus.Success, (await modality.CreateMppsAsync(InProgress(c, item), mppsUid)).Status);
        await WaitForOrderAsync(c.Accession, "IN PROGRESS", "STARTED");

        var images = await Peers.SendImagesAsync(department.Endpoints, 2, c.PatientId, item["0010,0010"], c.Accession, studyUid);
        await api.WaitForStudyAsync(studyUid, 2, "reconciled");
        var stored = await Task.WhenAll(Directory.GetFiles(images, "*.dcm").Select(Peers.DumpAsync));
        Assert.Equal(DicomStatus.Success, (await modality.SetMppsAsync(mppsUid, Completed(stored))).Status);

        await WaitForOrderAsync(c.Accession, "COMPLETED", "COMPLETED");
        var status = await Eventually.ReturnsAsync(() => Task.FromResult<string?>(RisLog.Messages(department.Endpoints.RisReceivedLog)
                .Select(m => m.Message).FirstOrDefault(m => m.Contains("ORM^O01", StringComparison.Ordinal) && m.Contains(c.Accession, StringComparison.Ordinal))),
            $"the demo RIS received the examination-complete status of {c.Accession}", 60, department.Diagnostics);
        var orc = status.Split('\r').Single(s => s.StartsWith("ORC|", StringComparison.Ordinal)).Split('|');
        Assert.Equal(("SC", "CM"), (orc[1], orc[5]));
        Assert.Contains(status.Split('\r'), s => s.StartsWith("ZDS|", StringComparison.Ordinal) && s.Contains(studyUid, StringComparison.Ordinal));
        await Eventually.ReturnsAsync(async () => await Peers.FindWorklistAsync(department.Endpoints, c.Accession) is [] ? "gone" : null,
            $"the edge's worklist no longer offers {c.Accession}", 60, department.Diagnostics);
    }

    private Task<string> WaitForOrderAsync(string accession, string performed, string stepStatus) =>
        Eventually.ReturnsAsync(async () =>
        {
            var order = (await api.GetAsync($"orders/{accession}"))?["orders"]?[0];
            return (string?)order?["order"]?["performedStatus"] == performed && (string?)order?["steps"]?[0]?["item"]?["status"] == stepStatus
                ? performed
                : null;
        }, $"order {accession} performed {performed}, step {stepStatus}", 60, department.Diagnostics);

    private static DicomDataset InProgress(Case c, IReadOnlyDictionary<string, string> item)
    {
        var step = new DicomDataset()
            .SetString(DicomTag.PatientID, c.PatientId)
            .SetString(DicomTag.PatientName, item["0010,0010"]);
        step.SetSequence(DicomTag.ScheduledStepAttributesSequence, new DicomDataset()
            .SetString(DicomTag.StudyInstanceUID, item["0020,000d"])
            .SetString(DicomTag.AccessionNumber, c.Accession)
            .SetString(DicomTag.ScheduledProcedureStepID, item["0040,0009"]));
        return step.SetString(DicomTag.PerformedProcedureStepID, $"PPS{c.Run}")
            .SetString(DicomTag.PerformedStationAETitle, "E2E_CT")
            .SetString(DicomTag.PerformedProcedureStepStartDate, DateTime.Now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
            .SetString(DicomTag.PerformedProcedureStepStartTime, DateTime.Now.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture))
            .SetString(DicomTag.PerformedProcedureStepStatus, "IN PROGRESS")
            .SetString(DicomTag.Modality, "CT");
    }

    private static DicomDataset Completed(IEnumerable<IReadOnlyDictionary<string, string>> images)
    {
        var modifications = new DicomDataset()
            .SetString(DicomTag.PerformedProcedureStepStatus, "COMPLETED")
            .SetString(DicomTag.PerformedProcedureStepEndDate, DateTime.Now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
            .SetString(DicomTag.PerformedProcedureStepEndTime, DateTime.Now.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        var series = images.GroupBy(i => i["0020,000e"]).Select(group =>
        {
            var entry = new DicomDataset().SetString(DicomTag.SeriesInstanceUID, group.Key);
            entry.SetSequence(DicomTag.ReferencedImageSequence, [.. group.Select(i => new DicomDataset()
                .SetString(DicomTag.ReferencedSOPClassUID, i["0008,0016"])
                .SetString(DicomTag.ReferencedSOPInstanceUID, i["0008,0018"]))]);
            return entry;
        }).ToArray();
        modifications.SetSequence(DicomTag.PerformedSeriesSequence, series);
        return modifications;
    }
}
