using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Reconciliation;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class OrderIngestionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    [Fact]
    public async Task New_order_creates_patient_order_and_a_worklist_item_with_the_IHE_fields_and_publishes_it()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var uid = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC1001", "RP1001", "SPS1001", "CT", StudyUid: uid))));

        var changes = PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged).ToList();
        var item = Assert.Single(Assert.Single(changes).Upserts);
        Assert.Equal("MUSTERMANN^MAX", item.PatientName);
        Assert.Equal("PAT1001", item.PatientId);
        Assert.Equal("HOSP", item.IssuerOfPatientId);
        Assert.Equal("19700101", item.PatientBirthDate);
        Assert.Equal("M", item.PatientSex);
        Assert.Equal("ACC1001", item.AccessionNumber);
        Assert.Equal("RP1001", item.RequestedProcedureId);
        Assert.Equal("SPS1001", item.ScheduledProcedureStepId);
        Assert.Equal("CT", item.Modality);
        Assert.Equal(uid, item.StudyInstanceUid);
        Assert.Equal("20240315", item.ScheduledStartDate);
        Assert.Equal("090000", item.ScheduledStartTime);
        Assert.Equal("REFERRER^RITA", item.ReferringPhysicianName);
        Assert.Equal("ROUTINE", item.Priority);
        Assert.Equal("CT Chest w/o contrast", item.RequestedProcedureDescription);
        Assert.Equal(new DicomCode("CTCHEST", "L", "CT Chest w/o contrast"), Assert.Single(item.ScheduledProtocolCodes));
        Assert.Equal("SCHEDULED", item.Status);
        Assert.Equal(1, item.Version);
        Assert.Equal("PLCACC1001", item.PlacerOrderNumber);

        var api = await h.Pipeline.Api.GetWorklistAsync(new Api.TenantPrincipal(h.Tenant, "edge", [Api.ApiRoles.EdgeAgent]), default);
        Assert.Equal(BusContractJson.Serialize(item), BusContractJson.Serialize(Assert.Single(api.Items)));
    }

    [Fact]
    public async Task An_order_for_a_known_patient_costs_at_most_three_table_round_trips()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Adt("A04", Max, T0)));
        await h.Context.PolicyAsync(h.Tenant, default); // the registry is cached after the first read
        var before = h.RoundTrips.Tables;

        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0.AddMinutes(1), new Order("ACC2001", StudyUid: TestDicom.NewUid()))));

        Assert.InRange(h.RoundTrips.Tables - before, 1, 3);
    }

    [Fact]
    public async Task Every_order_message_delivered_twice_leaves_the_same_state()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var nw = h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC3001", StudyUid: TestDicom.NewUid())));
        var xo = h.Hl7(Orm(Max, "XO", "SC", T0.AddMinutes(5), new Order("ACC3001", Modality: "MR", StudyUid: TestDicom.NewUid())), arrivedAfterStart: TimeSpan.FromMinutes(5));
        await h.CompleteAsync(nw);
        await h.CompleteAsync(xo);
        var state = await Snapshot.PatientsAsync(h);

        await h.CompleteAsync(nw, deliveryCount: 2);
        await h.CompleteAsync(xo, deliveryCount: 2);

        Assert.Equal(state, await Snapshot.PatientsAsync(h));
        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal("MR", item.Modality);
        Assert.Equal(2, item.Version);
    }

    [Fact]
    public async Task A_late_older_order_update_never_overwrites_a_newer_one()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC4001", Modality: "CT"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "XO", "SC", T0.AddMinutes(20), new Order("ACC4001", Modality: "MR")), arrivedAfterStart: TimeSpan.FromMinutes(20)));

        // An XO written at 08:40 arrives after the one written at 08:50.
        var late = h.Hl7(Orm(Max, "XO", "SC", T0.AddMinutes(10), new Order("ACC4001", Modality: "CR")), arrivedAfterStart: TimeSpan.FromMinutes(30));
        await h.CompleteAsync(late);

        Assert.Equal("MR", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Modality);
        var trace = await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), late.MessageId, null, null, null, default);
        Assert.Equal(Trace.TraceOutcome.Stale, Assert.Single(trace.Messages).Outcome);
    }

    [Fact]
    public async Task Cancel_removes_the_item_and_publishes_the_removal()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC5001"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "CA", "CA", T0.AddMinutes(5), new Order("ACC5001")), arrivedAfterStart: TimeSpan.FromMinutes(5)));

        var changes = PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged).ToList();
        var removal = Assert.Single(changes[^1].Removals);
        Assert.Equal("cancelled", removal.Reason);
        Assert.Equal(2, removal.Version);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal("CANCELLED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC5001", default)).Orders).Order.Status);
    }

    [Fact]
    public async Task A_cancel_that_overtakes_its_new_order_keeps_the_order_cancelled_and_off_the_worklist()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        var order = h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC5002", StudyUid: study)));
        var cancel = h.Hl7(Orm(Max, "CA", "CA", T0.AddMinutes(10), new Order("ACC5002")), arrivedAfterStart: TimeSpan.FromMinutes(10));
        await h.CompleteAsync(cancel);
        await h.CompleteAsync(order);

        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.DoesNotContain(PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged), c => c.Upserts.Count > 0);
        var stored = Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC5002", default)).Orders).Order;
        Assert.Equal(("CANCELLED", study, false), (stored.Status, stored.StudyInstanceUid, stored.CancelledBeforeOrdered));
        var cancelTrace = Assert.Single((await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), cancel.MessageId, null, null, null, default)).Messages);
        Assert.Contains("tombstone", cancelTrace.Detail, StringComparison.Ordinal);
        var orderTrace = Assert.Single((await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), order.MessageId, null, null, null, default)).Messages);
        Assert.Contains("arrived after its cancel", orderTrace.Detail, StringComparison.Ordinal);

        // Ordered again after the cancel (a newer NW): a new examination, on the worklist as usual.
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0.AddMinutes(20), new Order("ACC5002", StudyUid: study)), arrivedAfterStart: TimeSpan.FromMinutes(20)));
        Assert.Equal("SCHEDULED", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Status);
    }

    [Fact]
    public async Task An_unmapped_order_control_and_status_pair_is_rejected_with_its_reason_and_the_raw_message()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var er7 = Orm(Max, "NW", "ZZ", T0, new Order("ACC6001"));
        var message = h.Hl7(er7, enhanced: true);
        await h.CompleteAsync(message);

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.RejectedMessage, exception.Kind);
        Assert.Contains("ORC-1 order control 'NW' with ORC-5 order status 'ZZ'", exception.Reason, StringComparison.Ordinal);
        Assert.Equal(er7, exception.RawMessage);
        Assert.Equal(message.MessageId, exception.MessageId);
        var outcome = Assert.Single(PipelineHarness.Bodies<Hl7Outcome>(await h.DrainEdgeAsync(), BusMessageKinds.Hl7Outcome));
        Assert.Equal("AE", outcome.AcknowledgmentCode);
        Assert.Equal(message.MessageId, outcome.ReceivedMessageId);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
    }

    [Fact]
    public async Task Enhanced_mode_gets_an_AA_outcome_and_original_mode_none()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC6101")), enhanced: true));
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC6102")), enhanced: false));

        var outcome = Assert.Single(PipelineHarness.Bodies<Hl7Outcome>(await h.DrainEdgeAsync(), BusMessageKinds.Hl7Outcome));
        Assert.Equal("AA", outcome.AcknowledgmentCode);
    }

    [Fact]
    public async Task The_status_table_is_configuration_a_tenant_can_replace()
    {
        var settings = new TenantSettings { OrderStatusRules = [new OrderStatusRule("NW", "ZZ", StepAction.Schedule, "SCHEDULED")] };
        var h = await PipelineHarness.CreateAsync(azurite, settings: settings);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "ZZ", T0, new Order("ACC6201"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC6202"))));

        Assert.Equal("ACC6201", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).AccessionNumber);
        Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.RejectedMessage, null, default)).Exceptions);
    }

    [Fact]
    public async Task OMI_with_several_order_groups_gives_several_requested_procedures_from_the_IPC_segments()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Omi(Max, "NW", "SC", T0,
            new Order("ACC7001", "RP7001", "SPS7001", "CR", "XCHEST", "Chest X-ray", TestDicom.NewUid()),
            new Order("ACC7002", "RP7002", "SPS7002", "CR", "XRIBS", "Ribs X-ray", TestDicom.NewUid()))));

        var items = (await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items;
        Assert.Equal(["ACC7001", "ACC7002"], items.Select(i => i.AccessionNumber).Order());
        Assert.All(items, i => Assert.Equal("CT_SCANNER_1", i.ScheduledStationAeTitle));
        Assert.All(items, i => Assert.Equal("CT01", i.ScheduledStationName));
        Assert.Contains(items, i => i.ScheduledProcedureStepId == "SPS7002" && i.RequestedProcedureId == "RP7002");
    }

    [Fact]
    public async Task Missing_study_uid_is_derived_from_the_accession_by_default_and_stays_the_same()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC8001", "RP8001"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "XO", "SC", T0.AddMinutes(1), new Order("ACC8001", "RP8001", Modality: "MR")), arrivedAfterStart: TimeSpan.FromMinutes(1)));

        var item = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(StudyUids.Derive(h.Tenant, "ACC8001", "RP8001"), item.StudyInstanceUid);
        Assert.True(Dicom.DicomUid.IsValid(item.StudyInstanceUid));
        Assert.StartsWith("2.25.", item.StudyInstanceUid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_study_uid_is_rejected_when_the_tenant_says_so()
    {
        var h = await PipelineHarness.CreateAsync(azurite, settings: new TenantSettings { MissingStudyUid = MissingStudyUidPolicy.Reject });
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC8101"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC8102", StudyUid: TestDicom.NewUid()))));

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Contains("no Study Instance UID", exception.Reason, StringComparison.Ordinal);
        Assert.Equal("ACC8102", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).AccessionNumber);
    }

    [Fact]
    public async Task Generated_study_uid_policy_makes_a_new_uid_once_and_keeps_it()
    {
        var h = await PipelineHarness.CreateAsync(azurite, settings: new TenantSettings { MissingStudyUid = MissingStudyUidPolicy.Generate });
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC8201"))));
        var first = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).StudyInstanceUid;
        await h.CompleteAsync(h.Hl7(Orm(Max, "XO", "SC", T0.AddMinutes(1), new Order("ACC8201", Modality: "MR")), arrivedAfterStart: TimeSpan.FromMinutes(1)));

        Assert.NotEqual(StudyUids.Derive(h.Tenant, "ACC8201", "RP1"), first);
        Assert.Equal(first, Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).StudyInstanceUid);
    }

    [Fact]
    public async Task The_same_accession_ordered_for_another_patient_is_an_accession_collision()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC9001"))));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0.AddMinutes(1), new Order("ACC9001"))));

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.AccessionCollision, exception.Kind);
        Assert.Equal("PAT1001", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
    }

    [Fact]
    public async Task An_order_cancelled_on_the_wrong_patient_frees_its_accession_for_the_right_one()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await OrderOnTheWrongPatientThenCorrectAsync(h, "ACC9011");

        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal("PAT1002", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
        var orders = (await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC9011", default)).Orders;
        Assert.Equal([("PAT1002", "SCHEDULED")], orders.Select(o => (o.PatientId, o.Order.Status)));
        Assert.Contains(await h.Pipeline.Services.Audit.ListAsync(h.Tenant, 10, default),
            a => a.Action == "accession.reassigned" && a.Subject == "ACC9011" && a.Details.Contains("PAT1001", StringComparison.Ordinal));

        // Not once images carry it: then it is a question for staff, not a correction to follow.
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1002", "MUSTERMANN^ERIKA", "ACC9011")))));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "CA", "CA", T0.AddMinutes(3), new Order("ACC9011")), arrivedAfterStart: TimeSpan.FromMinutes(3)));
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0.AddMinutes(4), new Order("ACC9011")), arrivedAfterStart: TimeSpan.FromMinutes(4)));
        Assert.Contains((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions,
            e => e.Kind == ExceptionKinds.AccessionCollision && e.AccessionNumber == "ACC9011" && e.PatientId == "PAT1001");
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
    }

    [Fact]
    public async Task The_wrong_patients_cancelled_order_cannot_come_back_once_its_accession_moved()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await OrderOnTheWrongPatientThenCorrectAsync(h, "ACC9013");
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0.AddMinutes(3), new Order("ACC9013")), arrivedAfterStart: TimeSpan.FromMinutes(3)));

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal((ExceptionKinds.AccessionCollision, "PAT1001"), (exception.Kind, exception.PatientId));
        Assert.Equal("PAT1002", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
    }

    [Fact]
    public async Task A_claim_whose_order_was_never_stored_is_taken_over_only_once_no_ingestion_can_still_be_storing_it()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        // What an ORM for Max leaves when its ingestion fails for good after claiming the accession: a claim, no order.
        await h.Tables.SubmitTransactionAsync(CloudResourceNames.Tables.MessageTrace,
            [AccessionIndex.ClaimOperation(h.Tenant, "ACC9014", new PatientIdentity("PAT1001", "HOSP").Key, ["never-stored"], h.Time.GetUtcNow())], default);

        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0, new Order("ACC9014"))));
        Assert.Equal(ExceptionKinds.AccessionCollision, Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions).Kind);

        h.Time.Advance(TimeSpan.FromHours(7));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0.AddHours(7), new Order("ACC9014")), arrivedAfterStart: TimeSpan.FromHours(7)));
        Assert.Equal("PAT1002", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
        Assert.Contains(await h.Pipeline.Services.Audit.ListAsync(h.Tenant, 10, default), a => a.Action == "accession.reassigned" && a.Subject == "ACC9014");
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
    }

    [Fact]
    public async Task A_refused_order_the_RIS_corrects_closes_its_accession_collision()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC9015"))));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0.AddMinutes(1), new Order("ACC9015")), arrivedAfterStart: TimeSpan.FromMinutes(1)));
        var refused = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal((ExceptionKinds.AccessionCollision, "PAT1002"), (refused.Kind, refused.PatientId));

        // A status update of Max's order settles nothing.
        await h.CompleteAsync(h.Hl7(Orm(Max, "SC", "IP", T0.AddMinutes(2), new Order("ACC9015")), arrivedAfterStart: TimeSpan.FromMinutes(2)));
        Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);

        // The RIS's correction: Max's order cancelled, Erika's sent again.
        await h.CompleteAsync(h.Hl7(Orm(Max, "CA", "CA", T0.AddMinutes(3), new Order("ACC9015")), arrivedAfterStart: TimeSpan.FromMinutes(3)));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0.AddMinutes(4), new Order("ACC9015")), arrivedAfterStart: TimeSpan.FromMinutes(4)));

        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        var closed = await h.Pipeline.Services.Exceptions.GetAsync(h.Tenant, refused.Id, default);
        Assert.Equal(("system", ExceptionStatus.Resolved), (closed!.ResolvedBy, closed.Status));
        Assert.Contains("the RIS corrected the order", closed.Resolution, StringComparison.Ordinal);
        Assert.Contains(await h.Pipeline.Services.Audit.ListAsync(h.Tenant, 10, default), a => a.Action == "exception.resolved" && a.Subject == refused.Id);
    }

    // Ordered on Max by mistake, cancelled, ordered again on Erika with the same accession.
    private static async Task OrderOnTheWrongPatientThenCorrectAsync(PipelineHarness h, string accession)
    {
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order(accession))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "CA", "CA", T0.AddMinutes(1), new Order(accession)), arrivedAfterStart: TimeSpan.FromMinutes(1)));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0.AddMinutes(2), new Order(accession)), arrivedAfterStart: TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task An_accession_whose_order_is_still_open_stays_with_its_patient()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC9012"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "XO", "SC", T0.AddMinutes(1), new Order("ACC9012", Modality: "MR")), arrivedAfterStart: TimeSpan.FromMinutes(1)));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0.AddMinutes(2), new Order("ACC9012")), arrivedAfterStart: TimeSpan.FromMinutes(2)));

        Assert.Equal(ExceptionKinds.AccessionCollision, Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions).Kind);
        Assert.Equal("PAT1001", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).PatientId);
    }

    [Fact]
    public async Task A_message_on_tenant_As_channel_claiming_tenant_B_is_rejected_and_reported_to_A_only()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var message = h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC9101"))) with { ClaimedTenant = h.OtherTenant.Value };

        var settlement = await h.DeliverAsync(message);

        Assert.Equal(BusOutcome.DeadLetter, settlement.Outcome);
        Assert.Equal(BusDeadLetterReasons.TenantMismatch, settlement.Reason);
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.DeadLetter, exception.Kind);
        Assert.Contains("tenant-mismatch", exception.Reason, StringComparison.Ordinal);
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.OtherTenant), "all", null, null, default)).Exceptions);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.OtherTenant), default)).Items);
    }

    [Fact]
    public async Task A_message_that_does_not_parse_becomes_an_exception_with_its_raw_text()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var message = h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC9201"))) with { Body = "PID|1||X\rNOT HL7"u8.ToArray() };
        await h.CompleteAsync(message);

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal("PID|1||X\rNOT HL7", exception.RawMessage);
        Assert.Contains("does not parse", exception.Reason, StringComparison.Ordinal);
    }

    internal static Api.TenantPrincipal Staff(TenantId tenant) => new(tenant, "staff", [Api.ApiRoles.Staff]);
}
