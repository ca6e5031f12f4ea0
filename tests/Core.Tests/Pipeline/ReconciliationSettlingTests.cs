using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>Which exceptions a link settles, and which a later check must leave as a person left them.</summary>
public sealed class ReconciliationSettlingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    // The order arrives after images stored under another patient id: order-after-images and patient-mismatch. A
    // person links the study: both are settled.
    [Fact]
    public async Task Order_after_images_is_resolved_when_the_study_is_linked_later()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "WRONGID", "MUSTERMANN^MAX", "RO1")))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RO1"))));
        var mismatch = Assert.Single(await OpenAsync(h, ExceptionKinds.PatientMismatch));
        Assert.Single(await OpenAsync(h, ExceptionKinds.OrderAfterImages));

        await h.Pipeline.Api.ResolveExceptionAsync(Staff(h.Tenant), mismatch.Id,
            new ExceptionResolutionRequest { Action = "link", Note = "wrong id typed at the modality" }, default);

        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        Assert.Empty(await OpenAsync(h, null));
    }

    // The exam ran late (or the edge drained its spool later): order-without-images was raised, then the images link.
    [Fact]
    public async Task Order_without_images_is_resolved_when_its_images_link()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RW1", StudyUid: study))));
        h.Time.Advance(TimeSpan.FromHours(6));
        await h.Pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(default);
        Assert.Single(await OpenAsync(h, ExceptionKinds.OrderWithoutImages));

        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "RW1")))));
        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        await h.Pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(default);

        Assert.Empty(await OpenAsync(h, ExceptionKinds.OrderWithoutImages));
    }

    // The patient never came; the RIS cancels the order: the next run sees nothing left to wait for.
    [Fact]
    public async Task Order_without_images_is_resolved_when_the_RIS_cancels_the_order()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RW2"))));
        h.Time.Advance(TimeSpan.FromHours(6));
        await h.Pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(default);
        Assert.Single(await OpenAsync(h, ExceptionKinds.OrderWithoutImages));

        await h.CompleteAsync(h.Hl7(Orm(Max, "CA", "CA", T0.AddHours(6), new Order("RW2")), arrivedAfterStart: TimeSpan.FromHours(6)));
        await h.Pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(default);

        Assert.Empty(await OpenAsync(h, ExceptionKinds.OrderWithoutImages));
    }

    // Staff resolve a patient mismatch ("phantom images, deleted in PACS"); the images watchdog matches the study again
    // on each run and must not reopen what a person closed.
    [Fact]
    public async Task A_patient_mismatch_resolved_by_staff_stays_resolved_across_watchdog_runs()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RM1"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "OTHER9", "DOE^JOHN", "RM1")))));
        var open = Assert.Single(await OpenAsync(h, ExceptionKinds.PatientMismatch));
        await h.Pipeline.Api.ResolveExceptionAsync(Staff(h.Tenant), open.Id,
            new ExceptionResolutionRequest { Action = "resolve", Note = "test images of a phantom; deleted in PACS" }, default);
        Assert.Empty(await OpenAsync(h, ExceptionKinds.PatientMismatch));

        h.Time.Advance(TimeSpan.FromMinutes(20));
        await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(20));
        await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default);

        Assert.Empty(await OpenAsync(h, ExceptionKinds.PatientMismatch));
    }

    private static async Task<IReadOnlyList<ExceptionRecord>> OpenAsync(PipelineHarness h, string? kind) =>
        (await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", kind, null, default)).Exceptions;
}
