using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Dicom;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>An MPPS the edge accepts changes the local worklist in the same commit, before the cloud has heard of it.</summary>
public sealed class LocalMppsWorklistTests
{
    [Fact]
    public async Task The_steps_an_MPPS_names_start_and_leave_the_local_worklist_and_the_others_stay()
    {
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync([Step("CT1", "ACC-1", "RP1", "SPS1", "CT"), Step("MR1", "ACC-1", "RP2", "SPS1", "MR"), Step("CT2", "ACC-2", "RP1", "SPS1", "CT")], []);
        var mpps = Store(temp);

        Assert.True(await mpps.TryCreateAsync("1.2.3.1", Performed("IN PROGRESS", ("ACC-1", "RP1", "SPS1")), default));
        Assert.Equal([("CT1", "STARTED"), ("CT2", "SCHEDULED"), ("MR1", "SCHEDULED")], await StatesAsync(temp));

        await mpps.UpdateAsync("1.2.3.1", Performed("COMPLETED", ("ACC-1", "RP1", "SPS1")), default);
        Assert.Equal([("CT2", "SCHEDULED"), ("MR1", "SCHEDULED")], await StatesAsync(temp));
        Assert.Equal(2, (await temp.Worklist.GetSummaryAsync()).Items);

        // A late IN PROGRESS of another step for the same scheduled one does not bring it back.
        Assert.True(await mpps.TryCreateAsync("1.2.3.2", Performed("IN PROGRESS", ("ACC-1", "RP1", "SPS1")), default));
        Assert.Equal([("CT2", "SCHEDULED"), ("MR1", "SCHEDULED")], await StatesAsync(temp));
    }

    [Fact]
    public async Task A_newer_version_from_the_cloud_replaces_the_local_mark_and_an_older_one_does_not()
    {
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync([Step("CT1", "ACC-1", "RP1", "SPS1", "CT", version: 3)], []);
        var mpps = Store(temp);
        Assert.True(await mpps.TryCreateAsync("1.2.3.1", Performed("COMPLETED", ("ACC-1", null, null)), default));
        Assert.Empty(await StatesAsync(temp));

        await temp.Worklist.ApplyAsync([Step("CT1", "ACC-1", "RP1", "SPS1", "CT", version: 3)], []); // a snapshot of the same version
        Assert.Empty(await StatesAsync(temp));

        // The cloud rescheduled the step after the MPPS (say, it was the wrong patient's exam): its version wins.
        await temp.Worklist.ApplyAsync([Step("CT1", "ACC-1", "RP1", "SPS1", "CT", version: 4)], []);
        Assert.Equal([("CT1", "SCHEDULED")], await StatesAsync(temp));
    }

    [Fact]
    public async Task A_step_found_by_its_study_uid_alone_and_discontinued_is_scheduled_again()
    {
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync([Step("CT1", "ACC-1", "RP1", "SPS1", "CT")], []);
        var mpps = Store(temp);

        // No accession in the step (some modalities drop it), the study UID of the worklist item kept.
        Assert.True(await mpps.TryCreateAsync("1.2.3.1", Performed("IN PROGRESS", (null, "RP1", "SPS1")), default));
        Assert.Equal([("CT1", "STARTED")], await StatesAsync(temp));
        await mpps.UpdateAsync("1.2.3.1", Performed("DISCONTINUED", (null, "RP1", "SPS1")), default);
        Assert.Equal([("CT1", "SCHEDULED")], await StatesAsync(temp));

        // A step for a study nobody scheduled changes nothing.
        Assert.True(await mpps.TryCreateAsync("1.2.3.2", Performed("COMPLETED", ("ACC-9", null, null), study: "1.2.3.999"), default));
        Assert.Equal([("CT1", "SCHEDULED")], await StatesAsync(temp));
    }

    [Fact]
    public async Task Step_ids_no_cached_item_carries_mark_nothing_locally()
    {
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync([Step("CT1", "ACC-1", "RP1", "SPS1", "CT")], []);

        // The cloud falls back to the whole accession here; the edge cannot tell invented ids from a step it no longer holds.
        Assert.True(await Store(temp).TryCreateAsync("1.2.3.1", Performed("COMPLETED", ("ACC-1", "MODALITY-RP", "MODALITY-SPS")), default));
        Assert.Equal([("CT1", "SCHEDULED")], await StatesAsync(temp));
    }

    [Fact]
    public async Task A_step_naming_its_accession_leaves_another_accession_of_the_same_study_alone()
    {
        await using var temp = new TempDatabase();
        var chest = Step("CHEST", "ACC-1", "RP1", "SPS1", "CT");
        await temp.Worklist.ApplyAsync([chest, Step("ABDOMEN", "ACC-2", "RP1", "SPS1", "CT") with { StudyInstanceUid = chest.StudyInstanceUid }], []);

        Assert.True(await Store(temp).TryCreateAsync("1.2.3.1", Performed("IN PROGRESS", ("ACC-1", null, null)), default));
        Assert.Equal([("ABDOMEN", "SCHEDULED"), ("CHEST", "STARTED")], await StatesAsync(temp));

        // Without the accession the study is all there is to go by: every step scheduled for it.
        Assert.True(await Store(temp).TryCreateAsync("1.2.3.2", Performed("IN PROGRESS", (null, null, null)), default));
        Assert.Equal([("ABDOMEN", "STARTED"), ("CHEST", "STARTED")], await StatesAsync(temp));
    }

    private static MppsStore Store(TempDatabase temp)
    {
        var tenant = TenantId.Parse("localmpps");
        var site = new EdgeSite(tenant, "test", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), CloudResourceNames.DicomContainer(tenant));
        return new MppsStore(temp.Database, temp.Outbox, new EdgeMessages(site, TimeProvider.System), TimeProvider.System);
    }

    private static async Task<List<(string, string)>> StatesAsync(TempDatabase temp) =>
        (await temp.Worklist.QueryAsync(new WorklistCandidateFilter())).Select(i => (i.ItemKey, i.Status)).Order().ToList();

    private static WorklistItem Step(string key, string accession, string requestedProcedureId, string stepId, string modality, long version = 1) =>
        WorklistCacheTests.Item(key, version, modality) with
        {
            AccessionNumber = accession, RequestedProcedureId = requestedProcedureId, ScheduledProcedureStepId = stepId,
            StudyInstanceUid = StudyOf(accession), Status = "SCHEDULED",
        };

    private static string StudyOf(string accession) => $"1.2.3.{accession.Length}{accession[^1]}";

    private static DicomDataset Performed(string status, (string? Accession, string? RequestedProcedureId, string? StepId) scheduled, string? study = null)
    {
        var item = new DicomDataset().SetString(DicomTag.StudyInstanceUID, study ?? StudyOf(scheduled.Accession ?? "ACC-1"));
        if (scheduled.Accession is not null)
        {
            item.SetString(DicomTag.AccessionNumber, scheduled.Accession);
        }

        if (scheduled.RequestedProcedureId is not null)
        {
            item.SetString(DicomTag.RequestedProcedureID, scheduled.RequestedProcedureId);
        }

        if (scheduled.StepId is not null)
        {
            item.SetString(DicomTag.ScheduledProcedureStepID, scheduled.StepId);
        }

        var attributes = new DicomDataset().SetString(DicomTag.PatientID, "P-1").SetString(DicomTag.PerformedProcedureStepStatus, status);
        attributes.SetSequence(DicomTag.ScheduledStepAttributesSequence, item);
        return attributes;
    }
}
