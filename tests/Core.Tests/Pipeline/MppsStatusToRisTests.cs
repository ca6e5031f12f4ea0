using CloudRisPacs.Core.Messaging;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.MppsEvents;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class MppsStatusToRisTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    // The RIS hears that the exam started (ORC-5 IP) and that it was discontinued (ORC-5 DC), each once.
    [Fact]
    public async Task Mpps_in_progress_and_discontinued_are_reported_to_the_RIS_once()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RD1", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "RD1")))));
        await h.DrainEdgeAsync();

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "RD1")));
        Assert.Equal("IP", OrderStatus(Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound)));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "RD1"), messageId: "mpps-again"));
        Assert.DoesNotContain(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("DISCONTINUED", study, "RD1")));
        Assert.Equal("DC", OrderStatus(Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound)));
    }

    private static string OrderStatus(BusMessage message) =>
        System.Text.Encoding.UTF8.GetString(message.Body.Span).Split('\r').First(s => s.StartsWith("ORC|", StringComparison.Ordinal)).Split('|')[5];
}
