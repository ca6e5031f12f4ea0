using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.MppsEvents;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>The quiet-period timer stands in for a missing MPPS COMPLETED, never against what an MPPS said.</summary>
public sealed class QuietPeriodTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    // The modality discontinued the exam after a few images (contrast reaction): its step is SCHEDULED again, to be done
    // again. No image for the quiet period must not report it complete nor take the step off.
    [Fact]
    public async Task Quiet_period_does_not_complete_a_discontinued_exam()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { StudyQuietPeriod = TimeSpan.FromMinutes(30) });
        var study = await ExamStartedAsync(h, "RX1");
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("DISCONTINUED", study, "RX1")));
        await h.DrainEdgeAsync();

        h.Time.Advance(TimeSpan.FromMinutes(31));
        await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default);

        Assert.DoesNotContain(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
    }

    // A long exam sent series by series: the MPPS says IN PROGRESS, so a quiet half hour is a pause, not the end. Only a
    // much longer silence (the MPPS COMPLETED lost) counts as complete.
    [Fact]
    public async Task Quiet_period_waits_longer_for_a_study_whose_MPPS_is_in_progress()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions
        {
            StudyQuietPeriod = TimeSpan.FromMinutes(30), StudyInProgressQuietPeriod = TimeSpan.FromHours(12),
        });
        await ExamStartedAsync(h, "RQ1");
        await h.DrainEdgeAsync();

        h.Time.Advance(TimeSpan.FromMinutes(31));
        await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default);
        Assert.DoesNotContain(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);

        h.Time.Advance(TimeSpan.FromHours(12));
        await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default);
        Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
    }

    private static async Task<string> ExamStartedAsync(PipelineHarness h, string accession)
    {
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order(accession, StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", accession)))));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, accession)));
        return study;
    }
}
