using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.MppsEvents;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>A study without an accession, matched by the Study Instance UID its order scheduled.</summary>
public sealed class StudyUidMatchingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    // The modality took the Study Instance UID from the worklist but not the accession (tenant matching by accession).
    [Fact]
    public async Task A_study_without_accession_links_to_the_order_that_scheduled_its_study_uid()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RN1", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", null)))));
        await h.DrainEdgeAsync();
        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study) with { AccessionNumbers = [] }));

        Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
    }

    // The same, with the images of another patient: the patient check still holds.
    [Fact]
    public async Task A_study_without_accession_of_another_patient_is_a_patient_mismatch()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RN2", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "OTHER9", "DOE^JOHN", null)))));

        Assert.Equal(StudyStates.PatientMismatch, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
    }
}
