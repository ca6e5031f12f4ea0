using System.Text;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>
/// HL7 the RIS sends while the cloud is away changes the local worklist in the same commit that stores it: withdrawn
/// orders leave it and demographic corrections show, until the cloud's own next version of the item.
/// </summary>
public sealed class LocalHl7WorklistTests
{
    [Fact]
    public async Task An_order_cancelled_during_an_outage_leaves_the_local_worklist_at_once()
    {
        await using var harness = new HandlerHarness();
        var cache = harness.Temp.Worklist;
        await cache.ApplyAsync([WorklistCacheTests.Item("1", 1, "CT")], []); // accession ACC-1, patient P-1
        var cancel = "MSH|^~\\&|RIS|HOSP|EDGE|SITE|20240320090000||ORM^O01|CA-1|P|2.3\r" +
                     "PID|1||P-1||Doe^Jane||19700101|F\r" +
                     "ORC|CA|ORD-1|ACC-1||CA\r" +
                     "OBR|1|ORD-1|ACC-1|CT^CT HEAD\r";

        Assert.Contains("MSA|AA|CA-1", await SendAsync(harness, cancel));
        Assert.Empty(await cache.QueryAsync(new WorklistCandidateFilter { AccessionNumber = "ACC-1" }));
        Assert.Equal(0, (await cache.GetSummaryAsync()).Items);
    }

    [Fact]
    public async Task Each_withdrawing_order_control_hides_only_its_own_order_of_its_own_patient()
    {
        await using var harness = new HandlerHarness();
        var cache = harness.Temp.Worklist;
        await cache.ApplyAsync(
        [
            Step("dc", "P-1", "ACC-DC", "RP1"), Step("dc-other-procedure", "P-1", "ACC-DC", "RP2"),
            Step("oc", "P-1", "ACC-OC", "RP1"), Step("placer", "P-1", "ACC-X", "RP1") with { PlacerOrderNumber = "PL-7" },
            Step("omi", "P-1", "ACC-OMI", "RP1"), Step("other-patient", "P-2", "ACC-OC", "RP1"), Step("update", "P-1", "ACC-XO", "RP1"),
        ], []);

        await SendAsync(harness, Orm("DC-1", "P-1", "DC", "ORD-1", "ACC-DC", "RP1"));
        await SendAsync(harness, Orm("OC-1", "P-1", "OC", "ORD-2", "ACC-OC", "RP1"));
        await SendAsync(harness, Orm("CA-2", "P-1", "CA", "PL-7", string.Empty, "RP1")); // found by the placer order number
        await SendAsync(harness, Orm("XO-1", "P-1", "XO", "ORD-4", "ACC-XO", "RP1"));    // an update withdraws nothing
        await SendAsync(harness,
            "MSH|^~\\&|RIS|HOSP|EDGE|SITE|20240320090000||OMI^O23^OMI_O23|OMI-1|P|2.5.1\r" +
            "PID|1||P-1||Doe^Jane||19700101|F\r" +
            "ORC|CA|ORD-5||||||||||||||||||\r" +
            "TQ1|1\r" +
            "OBR|1|ORD-5||CT^CT HEAD\r" +
            "IPC|ACC-OMI|RP1|1.2.3.4|SPS1|CT\r");

        Assert.Equal(["dc-other-procedure", "other-patient", "update"], await LiveAsync(cache));
    }

    [Fact]
    public async Task A_demographic_correction_shows_on_the_patients_items_at_once()
    {
        await using var harness = new HandlerHarness();
        var cache = harness.Temp.Worklist;
        await cache.ApplyAsync([Step("a", "P-1", "ACC-1", "RP1"), Step("b", "P-1", "ACC-2", "RP1"), Step("c", "P-2", "ACC-3", "RP1")], []);

        Assert.Contains("MSA|AA|A08-1", await SendAsync(harness, Adt("A08", "A08-1", "P-1", "Smith^Janet", "19700102", "F")));
        Assert.Contains("MSA|AA|A31-1", await SendAsync(harness, Adt("A31", "A31-1", "P-1", "Smith^Janet^Q", string.Empty, string.Empty)));

        var items = (await cache.QueryAsync(new WorklistCandidateFilter())).ToDictionary(i => i.ItemKey);
        Assert.All([items["a"], items["b"]], item => Assert.Equal(("Smith^Janet^Q", "19700102", "F"), (item.PatientName, item.PatientBirthDate, item.PatientSex)));
        Assert.Equal(("Doe^Jane", null), (items["c"].PatientName, items["c"].PatientBirthDate));
    }

    [Fact]
    public async Task The_clouds_next_version_replaces_a_local_mark_and_the_same_version_does_not()
    {
        await using var harness = new HandlerHarness();
        var cache = harness.Temp.Worklist;
        await cache.ApplyAsync([Step("a", "P-1", "ACC-1", "RP1", version: 3), Step("b", "P-1", "ACC-2", "RP1", version: 3)], []);
        await SendAsync(harness, Orm("CA-1", "P-1", "CA", "ORD-1", "ACC-1", "RP1"));
        await SendAsync(harness, Adt("A08", "A08-1", "P-1", "Smith^Janet", "19700102", "F"));

        await cache.ApplyFullSyncAsync([Step("a", "P-1", "ACC-1", "RP1", version: 3), Step("b", "P-1", "ACC-2", "RP1", version: 3)], DateTimeOffset.UtcNow);
        Assert.Equal("Smith^Janet", Assert.Single(await cache.QueryAsync(new WorklistCandidateFilter())).PatientName);

        // The cloud has both messages now and sees it otherwise (say, the cancel was older than the order it names).
        await cache.ApplyAsync([Step("a", "P-1", "ACC-1", "RP1", version: 4), Step("b", "P-1", "ACC-2", "RP1", version: 4)], []);
        Assert.Equal([("a", "Doe^Jane"), ("b", "Doe^Jane")],
            (await cache.QueryAsync(new WorklistCandidateFilter())).Select(i => (i.ItemKey, i.PatientName)).Order());
    }

    [Fact]
    public async Task A_mark_holds_while_its_message_waits_and_ends_an_hour_after_it_was_sent()
    {
        await using var harness = new HandlerHarness();
        var clock = new SettableTime(DateTimeOffset.UtcNow);
        var cache = new WorklistCacheStore(harness.Temp.Database, clock);
        await cache.ApplyAsync([Step("a", "P-1", "ACC-1", "RP1")], []);
        await SendAsync(harness, Orm("CA-1", "P-1", "CA", "ORD-1", "ACC-1", "RP1"));

        clock.Now += TimeSpan.FromDays(3); // a long outage: the cancel is still in the outbox
        Assert.Empty(await cache.QueryAsync(new WorklistCandidateFilter()));

        var pending = await harness.Temp.Outbox.ReadPendingAsync(10);
        await harness.Temp.Outbox.MarkSentAsync([.. pending.Select(e => e.Message.MessageId)]);
        clock.Now = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(59);
        Assert.Empty(await cache.QueryAsync(new WorklistCandidateFilter()));

        // The cloud has had it for an hour and still lists the step at the marked version: the cloud decided.
        clock.Now = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(61);
        Assert.Equal("a", Assert.Single(await cache.QueryAsync(new WorklistCandidateFilter())).ItemKey);
    }

    internal static string Adt(string trigger, string controlId, string patientId, string name, string birthDate, string sex) =>
        $"MSH|^~\\&|RIS|HOSP|EDGE|SITE|20240320090000||ADT^{trigger}|{controlId}|P|2.3\r" +
        $"EVN|{trigger}|20240320090000\r" +
        $"PID|1||{patientId}||{name}||{birthDate}|{sex}\r" +
        "PV1|1|O\r";

    internal static string Orm(string controlId, string patientId, string control, string placer, string accession, string requestedProcedureId) =>
        $"MSH|^~\\&|RIS|HOSP|EDGE|SITE|20240320090000||ORM^O01|{controlId}|P|2.3\r" +
        $"PID|1||{patientId}||Doe^Jane||19700101|F\r" +
        $"ORC|{control}|{placer}|||\r" +
        $"OBR|1|{placer}||CT^CT HEAD||||||||||||||{accession}|{requestedProcedureId}|SPS1||||CT\r";

    private static async Task<string> SendAsync(HandlerHarness harness, string message)
    {
        var ack = Encoding.ASCII.GetString((await harness.SendAsync(Encoding.ASCII.GetBytes(message))).Span);
        Assert.Contains("MSA|AA|", ack);
        return ack;
    }

    private static async Task<List<string>> LiveAsync(WorklistCacheStore cache) =>
        (await cache.QueryAsync(new WorklistCandidateFilter())).Select(i => i.ItemKey).Order(StringComparer.Ordinal).ToList();

    private static WorklistItem Step(string key, string patientId, string accession, string requestedProcedureId, long version = 1) =>
        WorklistCacheTests.Item(key, version, "CT") with { PatientId = patientId, AccessionNumber = accession, RequestedProcedureId = requestedProcedureId };

    private sealed class SettableTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
