using CloudRisPacs.Core.Messaging;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.MppsEvents;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>MPPS, images and order in the orders sites really see them in, and redelivered out of order.</summary>
public sealed class MppsOrderingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    // MPPS IN PROGRESS at exam start, COMPLETED at the end, images uploaded from the edge spool afterwards: the study
    // row did not exist when the MPPS came, the completion is sent when its images reconcile.
    [Fact]
    public async Task Mpps_completed_before_the_first_image_sends_the_completion_when_the_study_reconciles()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RC1", StudyUid: study))));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "RC1")));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "RC1") with { MppsInstanceUid = "1.2.3.4.5" }, messageId: "mpps-set-rc1"));
        await h.DrainEdgeAsync();

        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "RC1")))));

        Assert.Equal("COMPLETED", (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.PerformedStatus);
        Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
    }

    // IN PROGRESS delivered after COMPLETED (redelivery, a requeue from poison; Storage Queues are not FIFO).
    [Fact]
    public async Task A_late_in_progress_does_not_undo_the_studys_completed_status()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = await CompletedThenInProgressAsync(h, "RL1");
        Assert.Equal("COMPLETED", (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.PerformedStatus);
    }

    // ... and the order that comes after all of that still gets its completion, its step off the worklist.
    [Fact]
    public async Task After_a_late_in_progress_the_late_order_still_gets_its_completion()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await CompletedThenInProgressAsync(h, "RL2");

        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RL2"))));

        Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
    }

    // A study carrying two accessions; the RIS places the second order (a grouped exam, an add-on) after the images and
    // the MPPS completed the first. The second order links and gets its own completion; its step leaves the worklist.
    [Fact]
    public async Task An_order_linked_after_the_study_completed_gets_its_completion_and_leaves_the_worklist()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RA1", "RPA", "SPSA"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(
            new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "RA1", RequestedAccessions: ["RA1", "RB1"])))));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "RA1", "RB1")));
        Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);

        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0.AddMinutes(20), new Order("RB1", "RPB", "SPSB")), arrivedAfterStart: TimeSpan.FromMinutes(20)));

        var linked = (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.LinkedOrders.Select(l => l.AccessionNumber).Order();
        Assert.Equal(["RA1", "RB1"], linked);
        var outbound = Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        Assert.Contains("RB1", System.Text.Encoding.UTF8.GetString(outbound.Body.Span), StringComparison.Ordinal);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);

        h.Time.Advance(TimeSpan.FromHours(2)); // and nothing is sent twice
        await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default);
        Assert.DoesNotContain(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
    }

    private static async Task<string> CompletedThenInProgressAsync(PipelineHarness h, string accession)
    {
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", accession)))));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, accession)));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, accession)));
        return study;
    }
}
