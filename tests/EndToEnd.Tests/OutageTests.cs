using System.Text.Json.Nodes;
using CloudRisPacs.EndToEnd.Tests.Support;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>Storage (Azurite) stops in the middle of the scenario and comes back: the department keeps working and nothing is lost.</summary>
[Collection(SharedDepartment.Name)]
public sealed class OutageTests(DepartmentFixture department)
{
    private readonly CloudApi api = new(department);

    [Fact]
    public async Task Stopping_and_restarting_azurite_mid_scenario_loses_nothing()
    {
        var c = Case.New("O");
        var later = $"{c.Accession}B";
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.Adt("A04", $"ADT{c.Run}", c.PatientId, "OUTAGE^OLGA")));
        Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORM{c.Run}", c.PatientId, "OUTAGE^OLGA", c.Accession)));
        var item = await WaitForItemAsync(c.Accession);
        var studyUid = item["0020,000d"];

        await department.Department.Azurite.StopAsync();
        try
        {
            // The RIS and the modality notice nothing: ACKs, the worklist from the cache, images into the spool.
            Assert.Equal("AA", await Peers.SendHl7Async(department.Endpoints, Hl7Messages.NewOrder($"ORB{c.Run}", c.PatientId, "OUTAGE^OLGA", later)));
            Assert.Equal(c.Accession, (await WaitForItemAsync(c.Accession))["0008,0050"]);
            await Peers.SendImagesAsync(department.Endpoints, 2, c.PatientId, "OUTAGE^OLGA", c.Accession, studyUid);
        }
        finally
        {
            await department.Department.Azurite.StartAsync(TimeSpan.FromSeconds(60));
        }

        await WaitForItemAsync(later);
        await api.WaitForStudyAsync(studyUid, 2, "reconciled", seconds: 90);
        var report = await api.PostAsync("reports", new { accessionNumber = c.Accession, text = "Stable.", author = "RAD^REGINA", status = "F" });
        var controlId = (string)report["controlId"]!;
        await Eventually.ReturnsAsync(() => Task.FromResult(RisLog.Find(department.Endpoints.RisReceivedLog, controlId)),
            $"the demo RIS received ORU {controlId}", 60, department.Diagnostics);

        // Nothing parked or left behind at the edge once the backlog drained.
        using var http = new HttpClient();
        await Eventually.ReturnsAsync(async () =>
        {
            var status = JsonNode.Parse(await http.GetStringAsync(department.Endpoints.StatusUri))!;
            return Drained(status) ? status : null;
        }, "the edge's queues are empty and nothing is parked", 60, department.Diagnostics);
    }

    private static bool Drained(JsonNode status) =>
        status["queues"] is JsonObject queues && queues.All(q => (int?)q.Value?["pending"] == 0 && (int?)q.Value?["parked"] == 0);

    private Task<IReadOnlyDictionary<string, string>> WaitForItemAsync(string accession) =>
        Eventually.ReturnsAsync(async () => await Peers.FindWorklistAsync(department.Endpoints, accession) is [var item, ..] ? item : null,
            $"findscu -W returns {accession}", 90, department.Diagnostics);
}
