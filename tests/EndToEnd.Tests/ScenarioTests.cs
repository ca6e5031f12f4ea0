using CloudRisPacs.EndToEnd.Tests.Support;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>
/// The department end to end, as the demo runs it: the RIS's HL7 through mllp_send, the modality's worklist query and
/// images through DCMTK, the cloud through its HTTP API, the result at the demo RIS. Every process is real.
/// </summary>
[Collection(SharedDepartment.Name)]
public sealed class ScenarioTests(DepartmentFixture department)
{
    private readonly CloudApi api = new(department);

    [Fact]
    public async Task An_order_reaches_the_worklist_its_images_are_reconciled_and_the_report_reaches_the_ris()
    {
        var c = Case.New("S");
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.Adt("A04", $"ADT{c.Run}", c.PatientId, "DOE^JANE")));
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORM{c.Run}", c.PatientId, "DOE^JANE", c.Accession)));

        var item = await WaitForWorklistItemAsync(department, c.Accession);
        Assert.Equal(c.PatientId, item["0010,0020"]);
        Assert.Equal("DOE^JANE", item["0010,0010"]);
        Assert.Equal("CT", item["0008,0060"]);
        var studyUid = item["0020,000d"];
        Assert.StartsWith("2.25.", studyUid, StringComparison.Ordinal); // derived from the accession: the order carried none

        await Peers.SendImagesAsync(department.Endpoints, 3, c.PatientId, item["0010,0010"], c.Accession, studyUid);
        var study = await api.WaitForStudyAsync(studyUid, 3, "reconciled");
        Assert.Equal(c.Accession, (string?)study["linkedOrders"]![0]!["accessionNumber"]);
        Assert.Equal(1, (int)study["seriesCount"]!);

        var report = await api.PostAsync("reports", new { accessionNumber = c.Accession, text = "No acute findings.", author = "RAD^REGINA", status = "F" });
        var controlId = (string)report["controlId"]!;
        var audit = (await api.GetAsync($"audit?subject={c.Accession}"))!;
        Assert.Contains(audit["entries"]!.AsArray(), e => (string?)e!["action"] == "report.submitted" && (string?)e["subject"] == c.Accession);
        var oru = await Eventually.ReturnsAsync(() => Task.FromResult(RisLog.Find(department.Endpoints.RisReceivedLog, controlId)),
            $"the demo RIS received ORU {controlId}", 60, department.Diagnostics);
        var segments = oru.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ORU^R01", segments[0], StringComparison.Ordinal);
        Assert.Contains(segments, s => s.StartsWith("OBR|", StringComparison.Ordinal) && s.Split('|')[18] == c.Accession);
        Assert.Contains(segments, s => s.StartsWith("OBX|", StringComparison.Ordinal) && s.Contains("No acute findings.", StringComparison.Ordinal));

        var order = (await api.GetAsync($"orders/{c.Accession}"))!;
        Assert.Contains(studyUid, order["orders"]![0]!["order"]!["linkedStudies"]!.AsArray().Select(n => (string?)n));
        Assert.Contains(studyUid, order["studyInstanceUids"]!.AsArray().Select(n => (string?)n));
        await Eventually.ReturnsAsync(async () =>
        {
            var trace = (await api.GetAsync($"trace?accession={c.Accession}"))!["messages"]!.AsArray();
            return trace.FirstOrDefault(m => (string?)m!["outcome"] == "delivered" && (string?)m["controlId"] == controlId);
        }, "the cloud's trace records the RIS's delivery of the report", 30, department.Diagnostics);

        // Nothing on the way was dead-lettered, in either direction (a contract mismatch would show here).
        foreach (var queue in new[] { $"poison-edge-{department.Endpoints.TenantId}", $"poison-ingress-{department.Endpoints.TenantId}" })
        {
            var poison = new Azure.Storage.Queues.QueueClient(department.Department.Azurite.ConnectionString, queue);
            var parked = (await poison.PeekMessagesAsync(32)).Value;
            Assert.True(parked.Length == 0, $"{queue} holds {parked.Length} message(s): {string.Join(" | ", parked.Select(m => m.MessageText))}");
        }
    }

    [Fact]
    public async Task The_demo_script_runs_green_against_the_department()
    {
        // The script's own tools beyond the fixture's: a missing one fails here naming its package, not as "command not found".
        foreach (var tool in new[] { "curl", "jq", "mllp_send", "findscu", "storescu", "node" })
        {
            TestSupport.PeerTools.Require(tool);
        }

        _ = TestSupport.DcmjsDimsePeer.Script;

        var result = await TestSupport.ProcessRunner.RunAsync("bash", [TestSupport.RepositoryPaths.Combine("scripts", "demo", "demo.sh"), department.EndpointsFile],
            TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"demo.sh exited with {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}\n{department.Diagnostics()}");
        Assert.Contains("== demo complete", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(10, result.StandardOutput.Split('\n').Count(l => l.Contains("✔ proves:", StringComparison.Ordinal)));
    }

    /// <summary>Registers <paramref name="c"/>'s patient, orders its accession, and returns the worklist item once the edge offers it.</summary>
    internal static async Task<IReadOnlyDictionary<string, string>> OrderOnWorklistAsync(DepartmentFixture department, Case c, string patientName)
    {
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.Adt("A04", $"ADT{c.Run}", c.PatientId, patientName)));
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORM{c.Run}", c.PatientId, patientName, c.Accession)));
        return await WaitForWorklistItemAsync(department, c.Accession);
    }

    internal static Task<IReadOnlyDictionary<string, string>> WaitForWorklistItemAsync(DepartmentFixture department, string accession) =>
        Eventually.ReturnsAsync(async () => await Peers.FindWorklistAsync(department.Endpoints, accession) is [var item, ..] ? item : null,
            $"findscu -W returns the worklist item {accession} from the edge", 60, department.Diagnostics);
}
