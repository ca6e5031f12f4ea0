using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>ADT^A47 (change patient identifier list) and A34/A18 (merge) take the A40 path: MRG-1 becomes PID-3 everywhere.</summary>
public sealed class IdentifierChangeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    [Fact]
    public async Task A47_gives_the_order_worklist_item_and_study_the_new_identifier()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var old = new Patient("OLD47", "MUSTERMANN", "MAX");
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(old, "NW", "SC", T0, new Order("ACC47"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "OLD47", "MUSTERMANN^MAX", "ACC47")))));
        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        await h.DrainEdgeAsync();

        // The new identifier is not known before the A47.
        var change = h.Hl7(Merge(old with { Id = "NEW47" }, old, T0.AddHours(1), "A47"), enhanced: true, arrivedAfterStart: TimeSpan.FromHours(1));
        await h.CompleteAsync(change);

        Assert.Equal("NEW47", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
        Assert.Equal("NEW47", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC47", default)).Orders).PatientId);
        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal((StudyStates.Reconciled, "NEW47"), (status.Study.State, status.Study.PatientId));
        var correction = Assert.Single((await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), study, null, null, default)).Corrections, c => c.Cause == "merge");
        Assert.Equal(("OLD47", "NEW47"), (correction.OldPatientId, correction.NewPatientId));
        var edge = await h.DrainEdgeAsync();
        Assert.Equal("NEW47", Assert.Single(PipelineHarness.Bodies<WorklistChange>(edge, BusMessageKinds.WorklistChanged).SelectMany(c => c.Upserts)).PatientId);
        Assert.Equal("AA", Assert.Single(PipelineHarness.Bodies<Hl7Outcome>(edge, BusMessageKinds.Hl7Outcome)).AcknowledgmentCode);
    }

    [Theory]
    [InlineData("A40")]
    [InlineData("A34")]
    [InlineData("A18")]
    public async Task A34_and_A18_merge_like_A40(string trigger)
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP34", "UNKNOWN", "MALE");
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(temporary, "NW", "SC", T0, new Order("ACC34"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "TMP34", "UNKNOWN^MALE", "ACC34")))));
        await h.CompleteAsync(h.Hl7(Adt("A04", Max, T0)));
        await h.CompleteAsync(h.Hl7(Merge(Max, temporary, T0.AddHours(1), trigger), enhanced: true, arrivedAfterStart: TimeSpan.FromHours(1)));

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (item.PatientId, item.PatientName));
        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (status.Study.PatientId, status.Study.PatientName));
        var correction = Assert.Single((await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), study, null, null, default)).Corrections, c => c.Cause == "merge");
        Assert.Equal(("TMP34", "PAT1001"), (correction.OldPatientId, correction.NewPatientId));
        Assert.Equal("AA", Assert.Single(PipelineHarness.Bodies<Hl7Outcome>(await h.DrainEdgeAsync(), BusMessageKinds.Hl7Outcome)).AcknowledgmentCode);
    }
}
