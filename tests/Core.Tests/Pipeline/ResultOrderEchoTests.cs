using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class ResultOrderEchoTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_result_echoes_the_order_numbers_with_their_namespace_and_the_RIS_universal_service_id()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", new DateTime(2024, 3, 15, 8, 30, 0), new Order("ACC31", "RP31", Code: "CTCHEST", Description: "CT Chest & Abdomen"))));
        await h.DrainEdgeAsync();

        await h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant), new ReportSubmission { AccessionNumber = "ACC31", Text = "Normal.", Author = "DOC", Status = "F" }, default);

        var oru = Hl7Message.Parse(Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound).Body.Span);
        var orc = oru.GetSegments("ORC").Single();
        var obr = oru.GetSegments("OBR").Single();
        Assert.Equal(
            ("PLCACC31^RIS", "FILACC31^RIS", "PLCACC31^RIS", "FILACC31^RIS", "CTCHEST^CT Chest \\T\\ Abdomen^L"),
            (orc.GetField(2).Raw.ToString(), orc.GetField(3).Raw.ToString(), obr.GetField(2).Raw.ToString(), obr.GetField(3).Raw.ToString(),
                obr.GetField(4).Raw.ToString()));
        Assert.Equal(("ACC31", "RP31"), (obr.GetValue(18), obr.GetValue(19)));
    }
}
