using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Trace;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// Messages about the temporary patient that reach the cloud after the merge (the RIS sent them before it, or the cloud
/// applied them before it and their after-commit work is redelivered): they must not change the survivor.
/// </summary>
public sealed class MergedAwayPatientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    [Fact]
    public async Task A_late_A08_of_the_merged_away_patient_does_not_overwrite_the_survivor()
    {
        // The RIS sent the A08 before the A40; the edge keys a merge by the survivor, so the two are not ordered.
        var (h, temporary) = await SurvivorAndTemporaryAsync("TMP70", orderFor: Max);
        var lateA08 = RenameBeforeMerge(h, temporary);
        await MergeIntoMaxAsync(h, temporary);
        await h.CompleteAsync(lateA08);

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX", "19700101", "M"), (item.PatientId, item.PatientName, item.PatientBirthDate, item.PatientSex));
        Assert.Equal(TraceOutcome.Redirected, await OutcomeAsync(h, lateA08));
    }

    [Fact]
    public async Task A_redelivered_A08_of_the_merged_away_patient_does_not_overwrite_the_survivor()
    {
        // Applied in order, before the merge, but its worklist publish failed: the redelivery comes after the merge.
        var (h, temporary) = await SurvivorAndTemporaryAsync("TMP75", orderFor: null);
        var a08 = RenameBeforeMerge(h, temporary);
        h.FlakyPublisher.FailuresLeft = 1;
        Assert.NotEqual(BusOutcome.Complete, (await h.DeliverAsync(a08)).Outcome);
        await MergeIntoMaxAsync(h, temporary);
        await h.CompleteAsync(a08, 2);

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (item.PatientId, item.PatientName));
        // Recognised as the message applied before (its marker is in the merged-away patient's partition), not applied again.
        Assert.Equal(TraceOutcome.Applied, await OutcomeAsync(h, a08));
    }

    [Fact]
    public async Task A_late_propagation_for_the_merged_away_patient_does_not_move_the_study_back()
    {
        // An A08 for the temporary patient commits on one instance; the merge (another session, another instance) moves
        // the study to the survivor between that instance's read of the study row and its write.
        var (h, temporary) = await SurvivorAndTemporaryAsync("TMP77", orderFor: null);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "TMP77", "UNKNOWN^TRAUMA", "ACCTMP77")))));
        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        var tables = new InterleavingTableStore(h.Tables) { OfTable = CloudResourceNames.Tables.Studies };
        var otherInstance = new CloudPipeline(new PipelineContext(tables, h.Blobs, h.FlakyPublisher, h.Registry, h.Context.Options, h.Time), PipelineHarness.RetryPolicy);
        tables.AfterNextGet = () => MergeIntoMaxAsync(h, temporary);

        var settled = await new BusDispatcher(otherInstance.Router, PipelineHarness.RetryPolicy)
            .DispatchAsync(RenameBeforeMerge(h, temporary), new BusDelivery(BusChannel.Ingress(h.Tenant), 1, "x", h.Time.GetUtcNow()), default);

        Assert.Equal(BusOutcome.Complete, settled.Outcome);
        Assert.Null(tables.AfterNextGet);
        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (status.Study.PatientId, status.Study.PatientName));
        var corrections = (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), study, null, null, default)).Corrections;
        Assert.DoesNotContain(corrections, c => c.Cause == "demographics");
    }

    /// <summary>Max, and a temporary trauma patient; one order, for <paramref name="orderFor"/> or else the temporary patient.</summary>
    private async Task<(PipelineHarness H, Patient Temporary)> SurvivorAndTemporaryAsync(string temporaryId, Patient? orderFor)
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient(temporaryId, "UNKNOWN", "TRAUMA", "19000101", "O");
        await h.CompleteAsync(h.Hl7(Adt("A04", Max, T0)));
        await h.CompleteAsync(h.Hl7(Adt("A04", temporary, T0)));
        await h.CompleteAsync(h.Hl7(Orm(orderFor ?? temporary, "NW", "SC", T0, new Order("ACC" + temporaryId))));
        return (h, temporary);
    }

    private static BusMessage RenameBeforeMerge(PipelineHarness h, Patient temporary) =>
        h.Hl7(Adt("A08", temporary with { Family = "TRAUMA-X" }, T0.AddMinutes(30)), arrivedAfterStart: TimeSpan.FromMinutes(30));

    private static Task MergeIntoMaxAsync(PipelineHarness h, Patient temporary) =>
        h.CompleteAsync(h.Hl7(Merge(Max, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

    private static async Task<string> OutcomeAsync(PipelineHarness h, BusMessage message) =>
        Assert.Single((await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), message.MessageId, null, null, null, default)).Messages).Outcome;
}
