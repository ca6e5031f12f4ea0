using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class PatientIngestionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    [Fact]
    public async Task A08_with_newer_demographics_updates_the_worklist_items_and_publishes_them()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC1"))));
        await h.DrainEdgeAsync();
        await h.CompleteAsync(h.Hl7(Adt("A08", Max with { Family = "MUELLER" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var change = Assert.Single(PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged));
        var item = Assert.Single(change.Upserts);
        Assert.Equal("MUELLER^MAX", item.PatientName);
        Assert.Equal(2, item.Version);
    }

    [Fact]
    public async Task Out_of_order_ADT_updates_keep_the_newest_demographics()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC2"))));
        await h.CompleteAsync(h.Hl7(Adt("A08", Max with { Family = "NEWEST" }, T0.AddHours(2)), arrivedAfterStart: TimeSpan.FromMinutes(1)));
        var older = h.Hl7(Adt("A08", Max with { Family = "OLDER" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromMinutes(2));
        await h.CompleteAsync(older);

        Assert.Equal("NEWEST^MAX", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientName);
        var trace = await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), older.MessageId, null, null, null, default);
        Assert.Equal(Trace.TraceOutcome.Stale, Assert.Single(trace.Messages).Outcome);
    }

    [Fact]
    public async Task Same_MSH7_messages_are_ordered_by_the_time_the_edge_stored_them()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0.AddHours(-1), new Order("ACC3"))));
        await h.CompleteAsync(h.Hl7(Adt("A08", Max with { Family = "SECOND" }, T0), arrivedAfterStart: TimeSpan.FromSeconds(2)));
        await h.CompleteAsync(h.Hl7(Adt("A08", Max with { Family = "FIRST" }, T0), arrivedAfterStart: TimeSpan.FromSeconds(1)));

        Assert.Equal("SECOND^MAX", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientName);
    }

    [Fact]
    public async Task ADT_delivered_twice_leaves_the_same_state()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var a04 = h.Hl7(Adt("A04", Max, T0));
        var a08 = h.Hl7(Adt("A08", Max with { Given = "MAXIMILIAN" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1));
        await h.CompleteAsync(a04);
        await h.CompleteAsync(a08);
        var state = await Snapshot.PatientsAsync(h);

        await h.CompleteAsync(a08, 2);
        await h.CompleteAsync(a04, 2);

        Assert.Equal(state, await Snapshot.PatientsAsync(h));
    }

    [Fact]
    public async Task A40_moves_orders_and_worklist_items_to_the_surviving_patient()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP9", "UNKNOWN", "MALE", "19700101", "M");
        await h.CompleteAsync(h.Hl7(Orm(temporary, "NW", "SC", T0, new Order("ACC10"))));
        await h.CompleteAsync(h.Hl7(Adt("A04", Max, T0)));
        await h.DrainEdgeAsync();
        var merge = h.Hl7(Merge(Max, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1));
        await h.CompleteAsync(merge);

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal("PAT1001", item.PatientId);
        Assert.Equal("MUSTERMANN^MAX", item.PatientName);
        Assert.Equal(2, item.Version);
        var published = Assert.Single(PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged));
        Assert.Equal("PAT1001", Assert.Single(published.Upserts).PatientId);
        Assert.Equal("PAT1001", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC10", default)).Orders).PatientId);

        // Delivered again: nothing changes.
        var state = await Snapshot.PatientsAsync(h);
        await h.CompleteAsync(merge, 2);
        Assert.Equal(state, await Snapshot.PatientsAsync(h));
    }

    [Theory]
    [InlineData("A40")]
    [InlineData("A47")]
    public async Task A_merge_from_an_unknown_prior_id_is_applied_and_later_messages_for_that_id_follow_the_survivor(string trigger)
    {
        // Nothing moves, but the prior id becomes a pointer to the (new) survivor, for what the RIS still sends under it.
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Merge(Max, new Patient("GONE1", "UNKNOWN", "MALE"), T0, trigger), enhanced: true));
        Assert.Equal("AA", Assert.Single(PipelineHarness.Bodies<Hl7Outcome>(await h.DrainEdgeAsync(), BusMessageKinds.Hl7Outcome)).AcknowledgmentCode);

        await h.CompleteAsync(h.Hl7(Orm(new Patient("GONE1", "UNKNOWN", "MALE"), "NW", "SC", T0.AddHours(1), new Order("ACC48")),
            arrivedAfterStart: TimeSpan.FromHours(1)));

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (item.PatientId, item.PatientName));
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
    }

    [Fact]
    public async Task An_update_to_the_merged_away_patient_goes_to_the_survivor_by_default()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP20", "UNKNOWN", "FEMALE", "19750505", "F");
        await h.CompleteAsync(h.Hl7(Adt("A04", Erika, T0)));
        await h.CompleteAsync(h.Hl7(Adt("A04", temporary, T0)));
        await h.CompleteAsync(h.Hl7(Merge(Erika, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var order = h.Hl7(Orm(temporary, "NW", "SC", T0.AddHours(2), new Order("ACC20")), arrivedAfterStart: TimeSpan.FromHours(2));
        await h.CompleteAsync(order);

        Assert.Equal("PAT1002", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
        var trace = await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), order.MessageId, null, null, null, default);
        Assert.Equal(Trace.TraceOutcome.Redirected, Assert.Single(trace.Messages).Outcome);
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
    }

    [Fact]
    public async Task An_update_to_the_merged_away_patient_is_rejected_when_the_tenant_says_so()
    {
        var h = await PipelineHarness.CreateAsync(azurite, settings: new TenantSettings { MergedPatient = MergedPatientPolicy.Reject });
        var temporary = new Patient("TMP30", "UNKNOWN", "FEMALE", "19750505", "F");
        await h.CompleteAsync(h.Hl7(Adt("A04", temporary, T0)));
        await h.CompleteAsync(h.Hl7(Merge(Erika, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));
        await h.CompleteAsync(h.Hl7(Adt("A08", temporary with { Family = "LATE" }, T0.AddHours(2)), arrivedAfterStart: TimeSpan.FromHours(2)));

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Contains("was merged into", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_merge_is_a_no_op_and_a_circular_merge_is_rejected()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP40", "UNKNOWN", "MALE", "19700101", "M");
        await h.CompleteAsync(h.Hl7(Orm(temporary, "NW", "SC", T0, new Order("ACC40"))));
        await h.CompleteAsync(h.Hl7(Merge(Max, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));
        var state = await Snapshot.PatientsAsync(h);

        await h.CompleteAsync(h.Hl7(Merge(Max, temporary, T0.AddHours(2)), arrivedAfterStart: TimeSpan.FromHours(2)));
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);

        await h.CompleteAsync(h.Hl7(Merge(temporary, Max, T0.AddHours(3)), arrivedAfterStart: TimeSpan.FromHours(3)));
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Contains("circular merge", exception.Reason, StringComparison.Ordinal);
        Assert.Equal("PAT1001", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
        Assert.Contains("ACC40", await Snapshot.PatientsAsync(h), StringComparison.Ordinal);
        Assert.NotEqual(string.Empty, state);
    }

    [Fact]
    public async Task Merges_chain_to_the_last_survivor()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var first = new Patient("TMP50", "A", "A");
        var second = new Patient("TMP51", "B", "B");
        await h.CompleteAsync(h.Hl7(Orm(first, "NW", "SC", T0, new Order("ACC50"))));
        await h.CompleteAsync(h.Hl7(Merge(second, first, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));
        await h.CompleteAsync(h.Hl7(Merge(Max, second, T0.AddHours(2)), arrivedAfterStart: TimeSpan.FromHours(2)));
        await h.CompleteAsync(h.Hl7(Orm(first, "XO", "SC", T0.AddHours(3), new Order("ACC50", Modality: "MR")), arrivedAfterStart: TimeSpan.FromHours(3)));

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(("PAT1001", "MR"), (item.PatientId, item.Modality));
    }

    [Fact]
    public async Task An_A40_with_corrected_survivor_demographics_restamps_and_publishes_the_survivors_own_items()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP71", "UNKNOWN", "MALE");
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC71"))));
        await h.CompleteAsync(h.Hl7(Adt("A04", temporary, T0)));
        await h.DrainEdgeAsync();
        await h.CompleteAsync(h.Hl7(Merge(Max with { Family = "CORRECTED" }, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal("CORRECTED^MAX", item.PatientName);
        var upserts = PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged).SelectMany(c => c.Upserts);
        Assert.Contains(upserts, u => u.PatientName == "CORRECTED^MAX");
    }

    [Fact]
    public async Task An_A40_moves_the_unordered_studies_of_the_prior_id_with_a_correction()
    {
        // Trauma: images acquired under the temporary id with no order, then the merge into the known patient.
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP73", "UNKNOWN", "TRAUMA");
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Adt("A04", Max, T0)));
        await h.CompleteAsync(h.Hl7(Adt("A04", temporary, T0)));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "TMP73", "UNKNOWN^TRAUMA", "NOORDER73")))));
        await h.CompleteAsync(h.Hl7(Merge(Max, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (status.Study.PatientId, status.Study.PatientName));
        var correction = Assert.Single((await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), study, null, null, default)).Corrections);
        Assert.Equal(("merge", "TMP73", "PAT1001"), (correction.Cause, correction.OldPatientId, correction.NewPatientId));
    }

    // HL7 v2.5 2.5.3: "" deletes a value, an empty field leaves it; sex U (unknown, table 0001) replaces a wrong one.
    [Fact]
    public async Task An_A08_with_unknown_sex_and_a_deleted_birth_date_clears_them()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max with { Sex = "F" }, "NW", "SC", T0, new Order("ACC74"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC74")))));
        Assert.Equal("F", (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.PatientSex);
        await h.CompleteAsync(h.Hl7(Adt("A08", Max with { Sex = "U", BirthDate = "\"\"" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal((null, null), (item.PatientSex, item.PatientBirthDate));
        var cleared = (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study;
        Assert.True(string.IsNullOrEmpty(cleared.PatientSex) && string.IsNullOrEmpty(cleared.PatientBirthDate), $"{cleared.PatientSex} {cleared.PatientBirthDate}");
    }

    [Fact]
    public async Task An_A08_without_birth_date_and_sex_keeps_them()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC78"))));
        await h.CompleteAsync(h.Hl7(Adt("A08", Max with { Given = "MAXIMILIAN", Sex = "", BirthDate = "" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(("MUSTERMANN^MAXIMILIAN", "M", "19700101"), (item.PatientName, item.PatientSex, item.PatientBirthDate));
    }
}
