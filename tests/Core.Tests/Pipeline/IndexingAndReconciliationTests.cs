using System.Globalization;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class IndexingAndReconciliationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    private static PipelineOptions NoGrace => new() { UnmatchedStudyAfter = TimeSpan.Zero };

    [Fact]
    public async Task An_instance_is_indexed_from_a_ranged_header_read_without_its_pixel_data()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        var file = TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC1", PixelBytes: 512 * 1024));
        var stored = await h.StoreInstanceAsync(file);
        var bytesBefore = h.RoundTrips.Blobs;

        await h.CompleteAsync(h.InstanceStored(stored));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(1, status.Study.InstanceCount);
        Assert.Equal(1, status.Study.SeriesCount);
        Assert.Equal(file.Length, status.Study.SizeBytes);
        Assert.Equal(["ACC1"], status.Study.AccessionNumbers);
        Assert.Equal(["CT"], status.Study.Modalities);
        Assert.Equal([Dicom.DicomUid.CTImageStorage.Value], status.Study.SopClasses);
        Assert.Equal("MUSTERMANN^MAX", status.Study.PatientName);
        Assert.Equal("20240315", status.Study.StudyDate);
        var sop = await h.Pipeline.Services.Studies.FindInstanceAsync(h.Tenant, stored.SopInstanceUid, default);
        Assert.NotNull(sop);
        Assert.Equal(stored.BlobPath, sop.BlobPath);
        Assert.Equal(Dicom.DicomUid.ExplicitVRLittleEndian.Value, sop.TransferSyntaxUid);
        Assert.InRange(sop.HeaderBytes, 100, 4096); // the header, not the 512 KiB of pixel data
        Assert.Equal(1, h.RoundTrips.Blobs - bytesBefore);
    }

    [Fact]
    public async Task Instances_delivered_twice_are_counted_once()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        var series = TestDicom.NewUid();
        var messages = new List<BusMessage>();
        for (var i = 0; i < 3; i++)
        {
            messages.Add(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC2", SeriesUid: series)))));
        }

        foreach (var message in messages)
        {
            await h.CompleteAsync(message);
        }

        var state = await Snapshot.StudiesAsync(h);
        foreach (var message in messages)
        {
            await h.CompleteAsync(message, 2);
        }

        Assert.Equal(state, await Snapshot.StudiesAsync(h));
        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(3, status.Study.InstanceCount);
        Assert.Equal(3, Assert.Single(status.Series).InstanceCount);
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small.dcm")]
    [InlineData("JPEG2000.dcm")]
    [InlineData("reportsi.dcm")]
    public async Task Pydicom_test_files_are_indexed(string name)
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var file = await File.ReadAllBytesAsync(Path.Combine(PeerTools.PydicomTestFiles, name));
        var stored = await h.StoreInstanceAsync(file);

        await h.CompleteAsync(h.InstanceStored(stored));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), stored.StudyInstanceUid, default);
        Assert.Equal(1, status.Study.InstanceCount);
        Assert.Equal(StudyStates.Unmatched, status.Study.State);
        Assert.Equal(stored.SopClassUid, Assert.Single(status.Study.SopClasses));
    }

    [Fact]
    public async Task A_blob_path_that_does_not_name_the_announced_instance_is_not_read()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var stored = await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(TestDicom.NewUid(), "PAT1001", "X", "ACC3")));

        await h.CompleteAsync(h.InstanceStored(stored with { BlobPath = $"../{CloudResourceNames.DicomContainer(h.OtherTenant)}/{stored.BlobPath}" }));

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.IndexingFailed, exception.Kind);
        Assert.Null((await h.Pipeline.Services.Studies.GetStudyAsync(h.Tenant, stored.StudyInstanceUid, default)).Study);
    }

    [Fact]
    public async Task An_instance_of_another_tenants_container_is_not_found_in_this_tenants()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var stored = await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(TestDicom.NewUid(), "PAT1001", "X", "ACC4")), h.OtherTenant);

        var settlement = await h.DeliverAsync(h.InstanceStored(stored));

        Assert.Equal(BusOutcome.Retry, settlement.Outcome);
        Assert.Equal("blob-missing", settlement.Reason);
    }

    [Fact]
    public async Task A_study_with_the_orders_accession_is_reconciled_and_gets_the_cloud_patient()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC10", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMAN^MAX", "ACC10")))));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(StudyStates.Reconciled, status.Study.State);
        Assert.Equal("MUSTERMANN^MAX", status.Study.PatientName);
        var order = Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC10", default)).Orders).Order;
        Assert.Equal([study], order.LinkedStudies);
        var correction = Assert.Single(await h.Pipeline.Services.Corrections.ListAsync(h.Tenant, default));
        Assert.Equal("MUSTERMAN^MAX", correction.GetString("OldPatientName"));
        Assert.Equal("MUSTERMANN^MAX", correction.GetString("NewPatientName"));
    }

    [Fact]
    public async Task A_study_whose_accession_has_no_order_stays_unmatched_and_the_watchdog_raises_it()
    {
        var h = await PipelineHarness.CreateAsync(azurite, NoGrace);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC20"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC21")))));

        Assert.Equal(StudyStates.Unmatched, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        var report = await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default);
        Assert.Equal(1, Mine(h, report));
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.UnmatchedStudy, null, default)).Exceptions);
        Assert.Equal(study, exception.StudyInstanceUid);
        Assert.Equal(0, Mine(h, await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default)));
    }

    [Fact]
    public async Task A_matching_accession_with_another_patient_is_a_patient_mismatch_and_is_not_linked()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC30"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1002", "MUSTERMANN^ERIKA", "ACC30")))));

        Assert.Equal(StudyStates.PatientMismatch, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.PatientMismatch, exception.Kind);
        Assert.Empty(Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC30", default)).Orders).Order.LinkedStudies);
    }

    [Fact]
    public async Task With_accession_and_patient_id_as_key_another_patient_is_simply_no_match()
    {
        var h = await PipelineHarness.CreateAsync(azurite, settings: new TenantSettings { MatchingKey = MatchingKey.AccessionAndPatientId });
        var wrong = TestDicom.NewUid();
        var right = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC31"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(wrong, "PAT1002", "X", "ACC31")))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(right, "PAT1001", "X", "ACC31")))));

        Assert.Equal(StudyStates.Unmatched, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), wrong, default)).Study.State);
        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), right, default)).Study.State);
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.PatientMismatch, null, default)).Exceptions);
    }

    [Fact]
    public async Task With_study_instance_uid_as_key_the_accession_does_not_matter()
    {
        var h = await PipelineHarness.CreateAsync(azurite, settings: new TenantSettings { MatchingKey = MatchingKey.StudyInstanceUid });
        var study = TestDicom.NewUid();
        var other = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC32", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "X", "WRONG-ACC")))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(other, "PAT1001", "X", "ACC32")))));

        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        Assert.Equal(StudyStates.Unmatched, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), other, default)).Study.State);
    }

    [Fact]
    public async Task One_study_satisfies_several_orders_through_its_request_attributes()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC40", "RP40", Code: "XCHEST"), new Order("ACC41", "RP41", Code: "XRIBS"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(
            new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC40", Modality: "CR", RequestedAccessions: ["ACC40", "ACC41"])))));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(StudyStates.Reconciled, status.Study.State);
        Assert.Equal(["ACC40", "ACC41"], status.Study.LinkedOrders.Select(l => l.AccessionNumber).Order());
        Assert.Equal([study], Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC41", default)).Orders).Order.LinkedStudies);
    }

    [Fact]
    public async Task A_request_for_another_patient_in_a_reconciled_study_keeps_its_patient_mismatch_open()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC44", "RP44"))));
        await h.CompleteAsync(h.Hl7(Orm(Erika, "NW", "SC", T0, new Order("ACC45", "RP45"))));

        // The modality put Erika's accession into Max's study as a second request: only Max's order is his.
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(
            new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC44", RequestedAccessions: ["ACC44", "ACC45"])))));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(["ACC44"], status.Study.LinkedOrders.Select(l => l.AccessionNumber));
        Assert.Empty(Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC45", default)).Orders).Order.LinkedStudies);
        var mismatch = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.PatientMismatch, null, default)).Exceptions);
        Assert.Equal("ACC45", mismatch.AccessionNumber);
        Assert.Equal(study, mismatch.StudyInstanceUid);
    }

    [Fact]
    public async Task Every_order_a_message_places_under_one_accession_is_linked_to_its_study()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();

        // One accession for the visit, two requested procedures in the same message.
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC43", "RP43A", Code: "CTHEAD"), new Order("ACC43", "RP43B", Code: "CTNECK"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC43")))));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(StudyStates.Reconciled, status.Study.State);
        Assert.Equal(["ACC43~RP43A", "ACC43~RP43B"], status.Study.LinkedOrders.Select(l => l.OrderKey).Order(StringComparer.Ordinal));
        Assert.All((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC43", default)).Orders, o => Assert.Equal([study], o.Order.LinkedStudies));
    }

    [Fact]
    public async Task With_study_instance_uid_as_key_every_order_that_scheduled_the_study_is_linked()
    {
        var h = await PipelineHarness.CreateAsync(azurite, settings: new TenantSettings { MatchingKey = MatchingKey.StudyInstanceUid });
        var study = TestDicom.NewUid();

        // The RIS puts both requested procedures into one study.
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC33", "RP33", StudyUid: study), new Order("ACC34", "RP34", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "X", "ACC33")))));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(StudyStates.Reconciled, status.Study.State);
        Assert.Equal(["ACC33", "ACC34"], status.Study.LinkedOrders.Select(l => l.AccessionNumber).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_study_uid_index_reads_rows_written_before_it_kept_one_row_per_order()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        var index = new Reconciliation.AccessionIndex(h.Tables);

        // As an older version wrote it: one row per study, the last order that named it.
        await h.Tables.SubmitTransactionAsync(CloudResourceNames.Tables.MessageTrace,
        [
            TableOperation.Upsert(new TableRow(PipelineKeys.Tenant(h.Tenant), PipelineKeys.StudyUid(study))
            {
                ["PatientKey"] = "old-patient", ["OrderKey"] = "ACC35~RP35", ["AccessionNumber"] = "ACC35",
            }, TableWriteMode.Replace),
        ], default);
        Assert.Equal([new Reconciliation.ScheduledStudyOrder("old-patient", "ACC35~RP35", "ACC35")], await index.FindByStudyUidAsync(h.Tenant, study, default));

        // The same order rewritten (a merge moved it) and a second order: each once, the newer row for the first.
        await h.Tables.SubmitTransactionAsync(CloudResourceNames.Tables.MessageTrace,
        [
            Reconciliation.AccessionIndex.StudyUidOperation(h.Tenant, study, "survivor", "ACC35~RP35", "ACC35"),
            Reconciliation.AccessionIndex.StudyUidOperation(h.Tenant, study, "survivor", "ACC36~RP36", "ACC36"),
            Reconciliation.AccessionIndex.StudyUidOperation(h.Tenant, study + "1", "survivor", "ACC37~RP37", "ACC37"),
        ], default);
        Assert.Equal(
            [new Reconciliation.ScheduledStudyOrder("survivor", "ACC35~RP35", "ACC35"), new Reconciliation.ScheduledStudyOrder("survivor", "ACC36~RP36", "ACC36")],
            (await index.FindByStudyUidAsync(h.Tenant, study, default)).OrderBy(o => o.OrderKey, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_study_claiming_a_reconciled_orders_accession_is_an_accession_collision()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var first = TestDicom.NewUid();
        var second = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC50"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(first, "PAT1001", "X", "ACC50")))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(second, "PAT1001", "X", "ACC50")))));

        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), first, default)).Study.State);
        Assert.Equal(StudyStates.AccessionCollision, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), second, default)).Study.State);
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.AccessionCollision, exception.Kind);
    }

    [Fact]
    public async Task An_order_arriving_after_its_images_reconciles_them_and_is_recorded()
    {
        var h = await PipelineHarness.CreateAsync(azurite, NoGrace);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC60")))));
        await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default);
        Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.UnmatchedStudy, null, default)).Exceptions);

        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC60"))));

        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        var resolved = (await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "resolved", null, null, default)).Exceptions;
        Assert.Contains(resolved, e => e.Kind == ExceptionKinds.OrderAfterImages && e.StudyInstanceUid == study);
        Assert.Contains(resolved, e => e.Kind == ExceptionKinds.UnmatchedStudy && e.ResolvedBy == "system");
    }

    [Fact]
    public async Task A_demographic_update_propagates_to_the_study_index_with_a_correction()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC70"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC70")))));
        var update = h.Hl7(Adt("A08", Max with { Family = "SCHMIDT" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1));
        await h.CompleteAsync(update);

        Assert.Equal("SCHMIDT^MAX", (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.PatientName);
        var corrections = await h.Pipeline.Services.Corrections.ListAsync(h.Tenant, default);
        var correction = Assert.Single(corrections, c => c.GetString("CauseId") == update.MessageId);
        Assert.Equal(("demographics", "SCHMIDT^MAX"), (correction.GetString("Cause"), correction.GetString("NewPatientName")));
    }

    [Fact]
    public async Task A_patient_mismatch_that_a_merge_settles_is_linked_by_the_next_watchdog_run()
    {
        // Images under a temporary id for an order of the real patient: a mismatch, until the HIS merges the two.
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP90", "UNKNOWN", "MALE");
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC90"))));
        await h.CompleteAsync(h.Hl7(Adt("A04", temporary, T0)));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "TMP90", "UNKNOWN^MALE", "ACC90")))));
        Assert.Equal(StudyStates.PatientMismatch, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);

        await h.CompleteAsync(h.Hl7(Merge(Max, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));
        var report = await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default);

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal((StudyStates.Reconciled, "PAT1001"), (status.Study.State, status.Study.PatientId));
        Assert.Contains(report.Notes, note => note.Contains(study, StringComparison.Ordinal));
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.PatientMismatch, null, default)).Exceptions);
    }

    [Fact]
    public async Task A_demographic_update_delivered_again_after_its_publish_failed_reaches_the_study_and_the_edge()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC71"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC71")))));
        await h.DrainEdgeAsync();

        // The patient change is stored, then the bus is away: the worklist, the study and its correction heard nothing.
        var update = h.Hl7(Adt("A08", Max with { Family = "SCHMIDT" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1));
        h.FlakyPublisher.FailuresLeft = 1;
        Assert.NotEqual(BusOutcome.Complete, (await h.DeliverAsync(update)).Outcome);
        Assert.Empty(await h.DrainEdgeAsync());

        await h.CompleteAsync(update, 2);
        await h.CompleteAsync(update, 3);

        Assert.Equal("SCHMIDT^MAX", (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.PatientName);
        var corrections = await h.Pipeline.Services.Corrections.ListAsync(h.Tenant, default);
        Assert.Equal("SCHMIDT^MAX", Assert.Single(corrections, c => c.GetString("CauseId") == update.MessageId).GetString("NewPatientName"));
        var upserts = PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged).SelectMany(c => c.Upserts).ToList();
        Assert.NotEmpty(upserts);
        Assert.All(upserts, item => Assert.Equal(("SCHMIDT^MAX", 2), (item.PatientName, item.Version)));
    }

    [Fact]
    public async Task A_merge_moves_the_study_to_the_survivor_and_records_the_correction()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var temporary = new Patient("TMP80", "UNKNOWN", "MALE");
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(temporary, "NW", "SC", T0, new Order("ACC80"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "TMP80", "UNKNOWN^MALE", "ACC80")))));
        await h.CompleteAsync(h.Hl7(Adt("A04", Max, T0)));
        await h.CompleteAsync(h.Hl7(Merge(Max, temporary, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (status.Study.PatientId, status.Study.PatientName));
        Assert.Contains(await h.Pipeline.Services.Corrections.ListAsync(h.Tenant, default), c => c.GetString("Cause") == "merge" && c.GetString("OldPatientId") == "TMP80");

        // The same through the API, for the PACS: by study, oldest first, polled with since, the caller's tenant only, staff only.
        var byStudy = await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), study, null, null, default);
        var merge = Assert.Single(byStudy.Corrections, c => c.Cause == "merge");
        Assert.Equal((study, "TMP80", "PAT1001", "UNKNOWN^MALE", "MUSTERMANN^MAX"),
            (merge.StudyInstanceUid, merge.OldPatientId, merge.NewPatientId, merge.OldPatientName, merge.NewPatientName));
        Assert.Equal(byStudy.Corrections.OrderBy(c => c.At).Select(c => c.At), byStudy.Corrections.Select(c => c.At));
        Assert.Empty((await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), study, byStudy.Corrections[^1].At.ToString("O", CultureInfo.InvariantCulture), null, default)).Corrections);
        Assert.Empty((await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), TestDicom.NewUid(), null, null, default)).Corrections);
        Assert.Empty((await h.Pipeline.Api.ListCorrectionsAsync(Staff(PipelineHarness.NewTenant()), study, null, null, default)).Corrections);
        var badSince = await Assert.ThrowsAsync<Api.ApiProblemException>(() => h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, "yesterday", null, default));
        Assert.Equal(400, badSince.StatusCode);
        var edge = await Assert.ThrowsAsync<Api.ApiProblemException>(() =>
            h.Pipeline.Api.ListCorrectionsAsync(new Api.TenantPrincipal(h.Tenant, "edge", [Api.ApiRoles.EdgeAgent]), study, null, null, default));
        Assert.Equal(403, edge.StatusCode);
    }

    [Fact]
    public async Task Corrections_come_in_commit_order_and_a_poll_resumes_after_the_last_one_applied()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var log = new CorrectionLog(h.Tables, h.Time);
        foreach (var study in new[] { "1.2.3", "1.2.4", "1.2.5" })
        {
            await log.RecordAsync(h.Tenant, "merge", "m-1", study, new CorrectedPatient("TMP1", "UNKNOWN"), new CorrectedPatient("PAT1", "DOE^JANE"), default);
        }

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await log.RecordAsync(h.Tenant, "demographics", "d-2", "1.2.3", new CorrectedPatient("PAT1", "DOE^JANE"), new CorrectedPatient("PAT1", "ROE^JANE"), default);

        var page = (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, null, 2, default)).Corrections;
        Assert.Equal([("1.2.3", 1L), ("1.2.4", 2L)], page.Select(c => (c.StudyInstanceUid, c.Sequence)));
        var next = (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, "2", 2, default)).Corrections;
        Assert.Equal([("merge", "1.2.5"), ("demographics", "1.2.3")], next.Select(c => (c.Cause, c.StudyInstanceUid)));
        var byTime = (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, page[^1].At.ToString("O", CultureInfo.InvariantCulture), 2, default)).Corrections;
        Assert.Equal(next, byTime);
        Assert.Equal(["merge", "demographics"], (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), "1.2.3", null, null, default)).Corrections.Select(c => c.Cause));
    }

    [Fact]
    public async Task A_person_links_an_unmatched_study_through_the_API_and_the_audit_trail_says_who()
    {
        var h = await PipelineHarness.CreateAsync(azurite, NoGrace);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC90"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "TYPO90")))));
        await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default);
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);

        var resolved = await h.Pipeline.Api.ResolveExceptionAsync(Staff(h.Tenant), exception.Id,
            new Api.ExceptionResolutionRequest { Action = "link", AccessionNumber = "ACC90", Note = "typo at the modality" }, default);

        Assert.Equal(ExceptionStatus.Resolved, resolved.Status);
        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        var audit = await h.Pipeline.Services.Audit.ListAsync(h.Tenant, 10, default);
        Assert.Contains(audit, a => a.Action == "study.linked" && a.Subject == study && a.Actor.StartsWith("staff", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "exception.resolved" && a.Subject == exception.Id);

        // The same trail through the API: by subject, newest first, the caller's tenant only, staff only.
        var byStudy = await h.Pipeline.Api.ListAuditAsync(Staff(h.Tenant), study, null, default);
        Assert.NotEmpty(byStudy.Entries);
        Assert.All(byStudy.Entries, a => Assert.Equal(study, a.Subject));
        Assert.Contains(byStudy.Entries, a => a.Action == "study.linked" && a.Details.Contains("ACC90", StringComparison.Ordinal));
        Assert.Equal(byStudy.Entries.OrderByDescending(a => a.At).Select(a => a.At), byStudy.Entries.Select(a => a.At));
        var newest = Assert.Single((await h.Pipeline.Api.ListAuditAsync(Staff(h.Tenant), null, 1, default)).Entries);
        Assert.Equal(audit[0], newest);
        Assert.Empty((await h.Pipeline.Api.ListAuditAsync(Staff(PipelineHarness.NewTenant()), study, null, default)).Entries);
        var edge = await Assert.ThrowsAsync<Api.ApiProblemException>(() =>
            h.Pipeline.Api.ListAuditAsync(new Api.TenantPrincipal(h.Tenant, "edge", [Api.ApiRoles.EdgeAgent]), study, null, default));
        Assert.Equal(403, edge.StatusCode);
    }

    [Fact]
    public async Task An_order_without_images_is_raised_by_the_watchdog_after_the_configured_time_only()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { OrderWithoutImagesAfter = TimeSpan.FromHours(2) },
            start: new DateTimeOffset(2024, 3, 15, 9, 0, 0, TimeSpan.Zero));
        var imaged = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC100", Start: "20240315090000"), new Order("ACC101", "RP2", Start: "20240315090000", StudyUid: imaged))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(imaged, "PAT1001", "X", "ACC101")))));

        Assert.Equal(0, Mine(h, await h.Pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(default)));
        h.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, Mine(h, await h.Pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(default)));

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.OrderWithoutImages, null, default)).Exceptions);
        Assert.Equal("ACC100", exception.AccessionNumber);
    }

    /// <summary>Watchdogs check every registered tenant of the shared Azurite; count this test's own.</summary>
    internal static int Mine(PipelineHarness h, Watchdogs.WatchdogReport report) =>
        report.Notes.Count(n => n.StartsWith(h.Tenant.Value + ":", StringComparison.Ordinal));
}
