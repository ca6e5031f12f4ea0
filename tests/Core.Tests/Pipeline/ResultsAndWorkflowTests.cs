using System.Text;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.IndexingAndReconciliationTests;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class ResultsAndWorkflowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    [Fact]
    public async Task A_submitted_report_becomes_an_ORU_linked_to_the_order_with_the_study_uid_and_UTF8_when_needed()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC1", "RP1", StudyUid: study))));
        await h.DrainEdgeAsync();

        var accepted = await h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant), new ReportSubmission
        {
            AccessionNumber = "ACC1",
            Text = "Befund: Kein Nachweis pulmonaler Rundherde.\nBeurteilung: Unauffälliger Thorax.",
            Author = "DOC^ANNA",
            Status = "F",
        }, default);

        var outbound = Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        Assert.Equal(accepted.OutboundId, outbound.Properties[Hl7MessageProperties.OutboundId]);
        var oru = new OruR01Message(CloudRisPacs.Hl7.Er7.Hl7Message.Parse(outbound.Body.Span));
        Assert.Equal("UNICODE UTF-8", oru.Msh.CharacterSet);
        Assert.Equal(accepted.ControlId, oru.Msh.MessageControlId);
        var result = Assert.Single(oru.Results);
        Assert.Equal("PLCACC1", result.Orc!.PlacerOrderNumber!.EntityId);
        Assert.Equal("ACC1", result.Obr!.Segment.GetValue(18));
        Assert.Equal("F", result.Obr.ResultStatus);
        Assert.Equal(study, result.Zds!.StudyInstanceUid);
        Assert.Equal(["Befund: Kein Nachweis pulmonaler Rundherde.", "Beurteilung: Unauffälliger Thorax."],
            result.Observations.Select(o => o.Obx.TextValue));
        Assert.Equal("PAT1001", oru.Pid!.PatientIdentifiers[0].Id);

        // The edge reports the RIS did not take it: an exception.
        await h.CompleteAsync(h.Json(BusMessageKinds.OutboundDeliveryResult, new OutboundDeliveryResult
        {
            OutboundId = accepted.OutboundId, ControlId = accepted.ControlId, Delivered = false, Attempts = 10, Reason = "connection refused",
        }));
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.OutboundParked, exception.Kind);
        Assert.Contains("connection refused", exception.Reason, StringComparison.Ordinal);
        Assert.Equal(OutboundStatus.Parked, (await h.Pipeline.Results.Outbound.GetAsync(h.Tenant, accepted.OutboundId, default))!.Status);

        // An operator fixed the RIS and requeued it at the edge: delivered, and the exception resolves by itself.
        await h.CompleteAsync(h.Json(BusMessageKinds.OutboundDeliveryResult, new OutboundDeliveryResult
        {
            OutboundId = accepted.OutboundId, ControlId = accepted.ControlId, Delivered = true, AcknowledgmentCode = "AA", Attempts = 1,
        }));
        Assert.Equal(OutboundStatus.Delivered, (await h.Pipeline.Results.Outbound.GetAsync(h.Tenant, accepted.OutboundId, default))!.Status);
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        var resolved = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "resolved", null, null, default)).Exceptions);
        Assert.Equal((exception.Id, "edge-agent"), (resolved.Id, resolved.ResolvedBy));
        Assert.Contains("requeued at the edge", resolved.Resolution, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivered_outbound_message_is_recorded_and_a_report_for_an_unknown_accession_is_404()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC2"))));
        var accepted = await h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant), new ReportSubmission { AccessionNumber = "ACC2", Text = "Normal.", Author = "DOC", Status = "P" }, default);
        await h.CompleteAsync(h.Json(BusMessageKinds.OutboundDeliveryResult, new OutboundDeliveryResult
        {
            OutboundId = accepted.OutboundId, ControlId = accepted.ControlId, Delivered = true, AcknowledgmentCode = "AA", Attempts = 1,
        }));

        Assert.Equal(OutboundStatus.Delivered, (await h.Pipeline.Results.Outbound.GetAsync(h.Tenant, accepted.OutboundId, default))!.Status);
        var missing = await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant),
            new ReportSubmission { AccessionNumber = "NOPE", Text = "x", Author = "DOC", Status = "F" }, default));
        Assert.Equal(404, missing.StatusCode);
        var invalid = await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant),
            new ReportSubmission { AccessionNumber = "ACC2", Text = "x", Author = "DOC", Status = "X" }, default));
        Assert.Equal(400, invalid.StatusCode);
    }

    [Fact]
    public async Task A_retried_send_never_puts_a_record_the_edge_reported_delivered_back_to_pending()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC3"))));
        var report = new ReportSubmission { AccessionNumber = "ACC3", Text = "Normal.", Author = "DOC", Status = "F" };
        var sent = await h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant), report, default);
        var tables = new InterleavingTableStore(h.Tables);
        var retried = new OutboundSender(tables, h.FlakyPublisher, h.Time);
        var message = CloudRisPacs.Hl7.Er7.Hl7Message.Parse((await h.Pipeline.Results.Outbound.GetAsync(h.Tenant, sent.OutboundId, default))!.Er7!);

        // The cause is retried; between its read of the pending record and what it does next, the edge's AA comes in.
        tables.AfterNextGet = () => h.Pipeline.Results.Outbound.RecordResultAsync(h.Tenant, new OutboundDeliveryResult
        {
            OutboundId = sent.OutboundId, ControlId = sent.ControlId, Delivered = true, AcknowledgmentCode = "AA", Attempts = 1,
        }, default);
        await retried.SendAsync(h.Tenant, sent.OutboundId, "report", message, "ACC3", null, "p", default);

        Assert.Equal(OutboundStatus.Delivered, (await h.Pipeline.Results.Outbound.GetAsync(h.Tenant, sent.OutboundId, default))!.Status);
    }

    [Fact]
    public async Task A_report_on_an_accession_with_several_open_procedures_reaches_each_unless_it_names_one()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC25", "RP25A", Placer: "PLC25A"), new Order("ACC25", "RP25B", Placer: "PLC25B"))));
        await h.DrainEdgeAsync();

        // One report for the grouped exam is the result of both orders: sent to one, the other would wait in the RIS forever.
        var both = await h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant),
            new ReportSubmission { AccessionNumber = "ACC25", Text = "Normal.", Author = "DOC", Status = "F" }, default);
        Assert.Equal(["RP25A", "RP25B"], both.Results.Select(r => r.RequestedProcedureId));
        Assert.Equal(["PLC25A", "PLC25B"], both.Results.Select(r => r.PlacerOrderNumber));
        Assert.Equal(both.OutboundId, both.Results[0].OutboundId);
        var sent = (await h.DrainEdgeAsync()).Where(m => m.Kind == BusMessageKinds.Hl7Outbound)
            .Select(m => new OruR01Message(CloudRisPacs.Hl7.Er7.Hl7Message.Parse(m.Body.Span))).ToList();
        Assert.Equal(["PLC25A", "PLC25B"], sent.Select(oru => Assert.Single(oru.Results).Orc!.PlacerOrderNumber!.EntityId).Order(StringComparer.Ordinal));
        Assert.Equal(2, sent.Select(oru => oru.Msh.MessageControlId).Distinct().Count());

        // Naming one sends it to that one only.
        var named = await h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant),
            new ReportSubmission { AccessionNumber = "ACC25", RequestedProcedureId = "RP25B", Text = "Addendum for B.", Author = "DOC", Status = "C" }, default);
        Assert.Equal("RP25B", Assert.Single(named.Results).RequestedProcedureId);
        var oru = new OruR01Message(CloudRisPacs.Hl7.Er7.Hl7Message.Parse(Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound).Body.Span));
        Assert.Equal("PLC25B", Assert.Single(oru.Results).Orc!.PlacerOrderNumber!.EntityId);

        // A cancelled procedure gets no result.
        await h.CompleteAsync(h.Hl7(Orm(Max, "CA", "CA", T0.AddMinutes(1), new Order("ACC25", "RP25A", Placer: "PLC25A")), arrivedAfterStart: TimeSpan.FromMinutes(1)));
        await h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant), new ReportSubmission { AccessionNumber = "ACC25", Text = "Addendum.", Author = "DOC", Status = "C" }, default);
        oru = new OruR01Message(CloudRisPacs.Hl7.Er7.Hl7Message.Parse(Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound).Body.Span));
        Assert.Equal("PLC25B", Assert.Single(oru.Results).Orc!.PlacerOrderNumber!.EntityId);

        var unknown = await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.SubmitReportAsync(Staff(h.Tenant),
            new ReportSubmission { AccessionNumber = "ACC25", RequestedProcedureId = "RP25Z", Text = "x", Author = "DOC", Status = "F" }, default));
        Assert.Equal(404, unknown.StatusCode);
    }

    [Fact]
    public async Task A_stored_structured_report_of_a_reconciled_study_becomes_an_ORU_with_its_text_content()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var file = await File.ReadAllBytesAsync(Path.Combine(PeerTools.PydicomTestFiles, "reportsi.dcm"));
        var stored = await h.StoreInstanceAsync(file);
        var header = Dicom.IO.DicomFileReader.Read(file).Dataset;
        var patient = new Patient("SRPAT1", "LAST NAME", "FIRST NAME"); // the file has no Patient ID: the link is made by a person
        var accession = "SRACC1";
        await h.CompleteAsync(h.Hl7(Orm(patient, "NW", "SC", T0, new Order(accession, StudyUid: stored.StudyInstanceUid))));
        await h.DrainEdgeAsync();
        await h.Pipeline.Services.Studies.UpsertSopIndexAsync(h.Tenant, new Studies.InstanceRecord
        {
            StudyInstanceUid = "x", SeriesInstanceUid = "x", SopInstanceUid = "unrelated", SopClassUid = "x", TransferSyntaxUid = "x", BlobPath = "x",
        }, default);

        await h.CompleteAsync(h.InstanceStored(stored));
        var result = await h.Pipeline.Services.Reconciler.LinkManuallyAsync(await h.Context.PolicyAsync(h.Tenant, default), stored.StudyInstanceUid, accession, "staff", "SR test", default);
        Assert.Single(result.Linked);

        var outbound = (await h.DrainEdgeAsync()).Where(m => m.Kind == BusMessageKinds.Hl7Outbound).ToList();
        var oru = new OruR01Message(CloudRisPacs.Hl7.Er7.Hl7Message.Parse(Assert.Single(outbound).Body.Span));
        var lines = Assert.Single(oru.Results).Observations.Select(o => o.Obx.TextValue).ToList();
        var expected = Studies.IndexedHeader.From(header);
        Assert.NotEmpty(lines);
        Assert.Equal(SrTextExtractor.Extract(header).Select(l => l.Text), lines);
        Assert.Equal(stored.StudyInstanceUid, Assert.Single(oru.Results).Zds!.StudyInstanceUid);
        Assert.NotNull(expected.SopInstanceUid);
    }

    [Fact]
    public async Task A_stored_structured_report_is_the_result_of_every_order_its_study_fulfils()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var file = await File.ReadAllBytesAsync(Path.Combine(PeerTools.PydicomTestFiles, "reportsi.dcm"));
        var stored = await h.StoreInstanceAsync(file);
        var patient = new Patient("SRPAT2", "LAST NAME", "FIRST NAME");

        // One study for a grouped exam: chest and abdomen under one accession.
        await h.CompleteAsync(h.Hl7(Orm(patient, "NW", "SC", T0,
            new Order("SRACC2", "RPCHEST", StudyUid: stored.StudyInstanceUid, Placer: "PLCCHEST"),
            new Order("SRACC2", "RPABD", StudyUid: stored.StudyInstanceUid, Placer: "PLCABD"))));
        await h.DrainEdgeAsync();
        await h.CompleteAsync(h.InstanceStored(stored));
        var result = await h.Pipeline.Services.Reconciler.LinkManuallyAsync(await h.Context.PolicyAsync(h.Tenant, default), stored.StudyInstanceUid, "SRACC2", "staff", "SR test", default);
        Assert.Equal(2, result.Linked.Count);

        var placers = (await h.DrainEdgeAsync()).Where(m => m.Kind == BusMessageKinds.Hl7Outbound)
            .Select(m => CloudRisPacs.Hl7.Er7.Hl7Message.Parse(m.Body.Span))
            .Where(message => message.Header.GetValue(9).StartsWith("ORU", StringComparison.Ordinal))
            .Select(message => new OruR01Message(message))
            .Select(oru => Assert.Single(oru.Results).Orc!.PlacerOrderNumber!.EntityId)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["PLCABD", "PLCCHEST"], placers);
    }

    [Fact]
    public async Task MPPS_in_progress_starts_the_step_and_completed_removes_it_and_sends_the_completion_status()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC10", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC10")))));
        await h.DrainEdgeAsync();

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC10")));
        Assert.Equal("STARTED", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Status);
        await h.DrainEdgeAsync(); // the RIS heard IP (MppsStatusToRisTests)
        var completed = h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC10"));
        await h.CompleteAsync(completed);
        await h.CompleteAsync(completed, 2);

        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        var edge = await h.DrainEdgeAsync();
        var status = Assert.Single(edge, m => m.Kind == BusMessageKinds.Hl7Outbound);
        var orm = new OrmO01Message(CloudRisPacs.Hl7.Er7.Hl7Message.Parse(status.Body.Span));
        Assert.Equal(("SC", "CM"), (orm.Orders[0].Orc!.OrderControl, orm.Orders[0].Orc!.OrderStatus));
        Assert.Equal(study, orm.Orders[0].Zds!.StudyInstanceUid);
        Assert.Contains(PipelineHarness.Bodies<WorklistChange>(edge, BusMessageKinds.WorklistChanged), c => c.Removals.Any(r => r.Reason == "performed"));

        // A late IN PROGRESS does not undo COMPLETED.
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC10")));
        Assert.Equal("COMPLETED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC10", default)).Orders).Order.PerformedStatus);
    }

    [Theory]
    [InlineData("CA")]
    [InlineData("DC")]
    public async Task Images_for_a_cancelled_order_are_not_reconciled_and_the_RIS_hears_no_completion(string control)
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC15"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, control, control, T0.AddMinutes(5), new Order("ACC15")), arrivedAfterStart: TimeSpan.FromMinutes(5)));
        await h.DrainEdgeAsync();

        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC15")))));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC15")));

        var state = (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study;
        Assert.Equal(StudyStates.CancelledOrder, state.State);
        Assert.Empty(state.LinkedOrders);
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal((ExceptionKinds.CancelledOrderImages, "ACC15", study), (exception.Kind, exception.AccessionNumber, exception.StudyInstanceUid));
        Assert.DoesNotContain(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
    }

    [Fact]
    public async Task An_order_the_RIS_reinstates_reconciles_the_waiting_images_and_closes_their_exception()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC19"))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "CA", "CA", T0.AddMinutes(5), new Order("ACC19")), arrivedAfterStart: TimeSpan.FromMinutes(5)));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC19")))));

        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0.AddMinutes(10), new Order("ACC19")), arrivedAfterStart: TimeSpan.FromMinutes(10)));

        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.CancelledOrderImages, null, default)).Exceptions);
        Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "resolved", ExceptionKinds.CancelledOrderImages, null, default)).Exceptions);
    }

    [Fact]
    public async Task An_order_cancelled_after_its_study_was_linked_gets_no_completion_but_an_exception()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC16", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC16")))));
        await h.CompleteAsync(h.Hl7(Orm(Max, "CA", "CA", T0.AddMinutes(5), new Order("ACC16", StudyUid: study)), arrivedAfterStart: TimeSpan.FromMinutes(5)));
        await h.DrainEdgeAsync();

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC16")));

        Assert.DoesNotContain(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal((ExceptionKinds.CancelledOrderImages, "ACC16", study), (exception.Kind, exception.AccessionNumber, exception.StudyInstanceUid));
        Assert.Equal("CANCELLED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC16", default)).Orders).Order.Status);
    }

    [Fact]
    public async Task MPPS_completed_delivered_again_after_its_publish_failed_publishes_the_removal()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC17", StudyUid: study))));
        await h.DrainEdgeAsync();

        // The steps leave the worklist in storage, then the bus is away: the edge heard nothing.
        var completed = h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC17"));
        h.FlakyPublisher.FailuresLeft = 1;
        Assert.NotEqual(BusOutcome.Complete, (await h.DeliverAsync(completed)).Outcome);
        Assert.Empty(await h.DrainEdgeAsync());

        await h.CompleteAsync(completed, 2);

        var removal = Assert.Single(PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged)
            .SelectMany(c => c.Removals));
        Assert.Equal("performed", removal.Reason);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
    }

    [Fact]
    public async Task An_order_arriving_after_its_images_and_MPPS_completed_leaves_the_worklist_as_performed()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC25")))));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC25")));

        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC25"))));

        Assert.NotNull((await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.CompletionSentAt);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        var edge = await h.DrainEdgeAsync();
        Assert.Single(edge, m => m.Kind == BusMessageKinds.Hl7Outbound);
        var removal = Assert.Single(PipelineHarness.Bodies<WorklistChange>(edge, BusMessageKinds.WorklistChanged).SelectMany(c => c.Removals));
        Assert.Equal("performed", removal.Reason);
    }

    [Fact]
    public async Task MPPS_without_an_accession_finds_the_order_by_the_scheduled_study_uid()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC15", StudyUid: study))));
        await h.DrainEdgeAsync();

        // The modality kept the worklist item's Study Instance UID but sent no accession, or one the RIS never ordered.
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC15") with { AccessionNumbers = [] }));
        Assert.Equal("STARTED", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Status);
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "TYPO15")));

        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal("COMPLETED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC15", default)).Orders).Order.PerformedStatus);
        Assert.Contains(PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged), c => c.Removals.Any(r => r.Reason == "performed"));

        // A step for a study nobody scheduled changes no order.
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", TestDicom.NewUid(), "NOPE15")));
        Assert.Equal("COMPLETED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC15", default)).Orders).Order.PerformedStatus);
    }

    [Fact]
    public async Task MPPS_of_one_scheduled_step_leaves_the_other_steps_under_the_accession_on_the_worklist()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var (study, mrStudy) = (TestDicom.NewUid(), TestDicom.NewUid());

        // One visit, one accession, a CT and an MR requested (a study each) for two different modalities.
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0,
            new Order("ACC16", "RP1", "SPS1", "CT", StudyUid: study, Placer: "PLC16CT"),
            new Order("ACC16", "RP2", "SPS2", "MR", "MRHEAD", "MR Head", StudyUid: mrStudy, Placer: "PLC16MR"))));
        await h.DrainEdgeAsync();
        Assert.Equal(2, (await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items.Count);

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC16") with { ScheduledSteps = [Step("ACC16", study, "RP1", "SPS1")] }));
        var items = (await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items;
        Assert.Equal(("STARTED", "SCHEDULED"), (items.Single(i => i.Modality == "CT").Status, items.Single(i => i.Modality == "MR").Status));

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC16") with { ScheduledSteps = [Step("ACC16", study, "RP1", "SPS1")] }));
        var left = Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal(("MR", "SCHEDULED"), (left.Modality, left.Status));
        var orders = (await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC16", default)).Orders;
        Assert.Equal("COMPLETED", orders.Single(o => o.Order.PlacerOrderNumber == "PLC16CT").Order.PerformedStatus);
        Assert.Null(orders.Single(o => o.Order.PlacerOrderNumber == "PLC16MR").Order.PerformedStatus);
        var removals = PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged).SelectMany(c => c.Removals).ToList();
        Assert.Equal("performed", Assert.Single(removals).Reason);

        // A late IN PROGRESS naming the CT's finished step does not fall on the MR's.
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC16") with { ScheduledSteps = [Step("ACC16", study, "RP1", "SPS1")] }));
        Assert.Equal("SCHEDULED", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Status);

        // The MR's own step, found by its study alone (its accession left out), completes the rest.
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", mrStudy, "ACC16") with
        {
            MppsInstanceUid = "1.2.826.0.1.3680043.2.1125.2", AccessionNumbers = [], ScheduledSteps = [Step(null, mrStudy, "RP2", "SPS2")],
        }));
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.All((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC16", default)).Orders, o => Assert.Equal("COMPLETED", o.Order.PerformedStatus));
    }

    [Fact]
    public async Task An_order_with_two_scheduled_steps_stays_in_progress_until_the_MPPS_of_each()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();

        // OMI: one requested procedure, two IPC segments (two steps, two modalities).
        var lines = Omi(Max, "NW", "SC", T0, new Order("ACC19", "RP1", "SPS1", "CT", StudyUid: study)).Split('\r').ToList();
        var ipc = lines.FindIndex(l => l.StartsWith("IPC|", StringComparison.Ordinal));
        var second = lines[ipc].Split('|');
        (second[4], second[5]) = ("SPS2", "MR");
        lines.Insert(ipc + 1, string.Join('|', second));
        await h.CompleteAsync(h.Hl7(string.Join('\r', lines)));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC19")))));
        await h.DrainEdgeAsync();
        Assert.Equal(["CT", "MR"], (await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items.Select(i => i.Modality).Order());

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC19") with { ScheduledSteps = [Step("ACC19", study, "RP1", "SPS1")] }));
        Assert.Equal("MR", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Modality);
        Assert.Equal("IN PROGRESS", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC19", default)).Orders).Order.PerformedStatus);
        Assert.Equal("IN PROGRESS", (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.PerformedStatus);

        // The RIS hears "examination complete" only after the MR's step.
        Assert.DoesNotContain(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC19") with
        {
            MppsInstanceUid = "1.2.826.0.1.3680043.2.1125.4", ScheduledSteps = [Step("ACC19", study, "RP1", "SPS2")],
        }));
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal("COMPLETED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC19", default)).Orders).Order.PerformedStatus);
        var status = Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
        var orm = new OrmO01Message(CloudRisPacs.Hl7.Er7.Hl7Message.Parse(status.Body.Span));
        Assert.Equal(("SC", "CM"), (orm.Orders[0].Orc!.OrderControl, orm.Orders[0].Orc!.OrderStatus));
    }

    [Fact]
    public async Task MPPS_without_an_accession_completes_every_order_that_scheduled_its_study()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();

        // Chest and abdomen ordered under two accessions, scanned as one study (the IHE group case).
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC23", "RP23", StudyUid: study), new Order("ACC24", "RP24", StudyUid: study))));
        await h.DrainEdgeAsync();

        // A step naming its accession is about that accession only, even though the other order shares its study.
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC23") with { ScheduledSteps = [Step("ACC23", study, "RP23", "SPS1")] }));
        var items = (await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items;
        Assert.Equal([("ACC23", "STARTED"), ("ACC24", "SCHEDULED")], items.Select(i => (i.AccessionNumber, i.Status)).Order());

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC23") with
        {
            MppsInstanceUid = "1.2.826.0.1.3680043.2.1125.5", AccessionNumbers = [],
        }));

        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        foreach (var accession in new[] { "ACC23", "ACC24" })
        {
            Assert.Equal("COMPLETED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), accession, default)).Orders).Order.PerformedStatus);
        }
    }

    [Fact]
    public async Task MPPS_naming_step_ids_nobody_scheduled_still_completes_the_order_of_its_accession()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC17", StudyUid: study))));
        await h.DrainEdgeAsync();

        // The modality made up its own step ids (some do for every step they perform).
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("COMPLETED", study, "ACC17") with { ScheduledSteps = [Step("ACC17", study, "MODALITY-RP", "MODALITY-SPS")] }));

        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
        Assert.Equal("COMPLETED", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC17", default)).Orders).Order.PerformedStatus);
    }

    [Fact]
    public async Task A_discontinued_step_done_again_is_started_by_the_new_MPPS()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC18", StudyUid: study))));
        await h.DrainEdgeAsync();

        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC18")));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("DISCONTINUED", study, "ACC18")));
        Assert.Equal("SCHEDULED", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Status);

        // The technologist starts over: a new performed step for the same scheduled one.
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomMpps, Mpps("IN PROGRESS", study, "ACC18") with { MppsInstanceUid = "1.2.826.0.1.3680043.2.1125.3" }));
        Assert.Equal("STARTED", Assert.Single((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items).Status);
        Assert.Equal("IN PROGRESS", Assert.Single((await h.Pipeline.Api.GetOrdersAsync(Staff(h.Tenant), "ACC18", default)).Orders).Order.PerformedStatus);
    }

    [Fact]
    public async Task A_reconciled_study_without_MPPS_is_complete_after_the_quiet_period()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { StudyQuietPeriod = TimeSpan.FromMinutes(30) });
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC20", StudyUid: study))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC20")))));
        await h.DrainEdgeAsync();

        Assert.DoesNotContain($"{h.Tenant.Value}: {study}", (await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default)).Notes);
        h.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Contains($"{h.Tenant.Value}: {study}", (await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default)).Notes);
        Assert.DoesNotContain($"{h.Tenant.Value}: {study}", (await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default)).Notes);

        Assert.Single(await h.DrainEdgeAsync(), m => m.Kind == BusMessageKinds.Hl7Outbound);
    }

    [Fact]
    public async Task Storage_commitment_waits_for_indexing_then_commits_and_fails_missing_instances_after_the_timeout()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { CommitmentTimeout = TimeSpan.FromMinutes(5) });
        var study = TestDicom.NewUid();
        var stored = await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "X", "ACC30")));
        var missing = new SopInstanceReference(Dicom.DicomUid.CTImageStorage.Value, TestDicom.NewUid());
        var request = h.Json(BusMessageKinds.DicomCommitmentRequested, new CommitmentRequest
        {
            TransactionUid = TestDicom.NewUid(),
            RequestingAeTitle = "CT_SCANNER_1",
            Instances = [new SopInstanceReference(stored.SopClassUid, stored.SopInstanceUid), missing],
            RequestedAt = h.Time.GetUtcNow(),
        });

        var early = await h.DeliverAsync(request);
        Assert.Equal((BusOutcome.Retry, "not-yet-indexed"), (early.Outcome, early.Reason));
        await h.CompleteAsync(h.InstanceStored(stored));
        Assert.Equal(BusOutcome.Retry, (await h.DeliverAsync(request, deliveryCount: 2)).Outcome);
        h.Time.Advance(TimeSpan.FromMinutes(6));
        await h.CompleteAsync(request, 3);

        var result = Assert.Single(PipelineHarness.Bodies<CommitmentResult>(await h.DrainEdgeAsync(), BusMessageKinds.DicomCommitmentResult));
        Assert.Equal(stored.SopInstanceUid, Assert.Single(result.Committed).SopInstanceUid);
        var failure = Assert.Single(result.Failed);
        Assert.Equal((missing.SopInstanceUid, (ushort)0x0112), (failure.SopInstanceUid, failure.FailureReason));
        Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.CommitmentFailed, null, default)).Exceptions);
    }

    [Fact]
    public async Task Storage_commitment_asked_during_an_outage_longer_than_the_timeout_waits_from_its_arrival()
    {
        // The modality asked 90 s ago, while the link was down; the edge forwards the request as its images go up.
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { CommitmentTimeout = TimeSpan.FromMinutes(1) });
        var study = TestDicom.NewUid();
        var stored = await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "X", "ACC32")));
        var missing = new SopInstanceReference(Dicom.DicomUid.CTImageStorage.Value, TestDicom.NewUid());
        var request = h.Json(BusMessageKinds.DicomCommitmentRequested, new CommitmentRequest
        {
            TransactionUid = TestDicom.NewUid(),
            RequestingAeTitle = "CT_SCANNER_1",
            Instances = [new SopInstanceReference(stored.SopClassUid, stored.SopInstanceUid), missing],
            RequestedAt = h.Time.GetUtcNow() - TimeSpan.FromSeconds(90),
        });

        var early = await h.DeliverAsync(request);
        Assert.Equal((BusOutcome.Retry, "not-yet-indexed"), (early.Outcome, early.Reason));
        h.Time.Advance(TimeSpan.FromSeconds(3));
        await h.CompleteAsync(h.InstanceStored(stored));
        Assert.Equal(BusOutcome.Retry, (await h.DeliverAsync(request, deliveryCount: 2)).Outcome);
        Assert.Empty(PipelineHarness.Bodies<CommitmentResult>(await h.DrainEdgeAsync(), BusMessageKinds.DicomCommitmentResult));

        // A truly missing instance still fails, one timeout after the request arrived.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.CompleteAsync(request, 3);
        var result = Assert.Single(PipelineHarness.Bodies<CommitmentResult>(await h.DrainEdgeAsync(), BusMessageKinds.DicomCommitmentResult));
        Assert.Equal(stored.SopInstanceUid, Assert.Single(result.Committed).SopInstanceUid);
        var failure = Assert.Single(result.Failed);
        Assert.Equal((missing.SopInstanceUid, (ushort)0x0112), (failure.SopInstanceUid, failure.FailureReason));
    }

    [Fact]
    public async Task Storage_commitment_of_indexed_instances_is_answered_at_once()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var stored = await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(TestDicom.NewUid(), "PAT1001", "X", "ACC31")));
        await h.CompleteAsync(h.InstanceStored(stored));
        await h.CompleteAsync(h.Json(BusMessageKinds.DicomCommitmentRequested, new CommitmentRequest
        {
            TransactionUid = "1.2.3.4", RequestingAeTitle = "CT", Instances = [new SopInstanceReference(stored.SopClassUid, stored.SopInstanceUid)],
            RequestedAt = h.Time.GetUtcNow(),
        }));

        var result = Assert.Single(PipelineHarness.Bodies<CommitmentResult>(await h.DrainEdgeAsync(), BusMessageKinds.DicomCommitmentResult));
        Assert.Single(result.Committed);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task Snapshot_requests_publish_the_whole_worklist_in_parts()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { SnapshotPartSize = 2 });
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC40", "RP1"), new Order("ACC41", "RP2"), new Order("ACC42", "RP3"))));
        await h.DrainEdgeAsync();

        await h.CompleteAsync(h.Json(BusMessageKinds.WorklistSnapshotRequested, new { reason = "startup" }));

        var parts = PipelineHarness.Bodies<WorklistChange>(await h.DrainEdgeAsync(), BusMessageKinds.WorklistChanged).OrderBy(p => p.SnapshotPart).ToList();
        Assert.Equal([1, 2], parts.Select(p => p.SnapshotPart));
        Assert.All(parts, p => Assert.True(p.IsSnapshot && p.SnapshotPartCount == 2 && p.SnapshotId == parts[0].SnapshotId));
        Assert.Equal(["ACC40", "ACC41", "ACC42"], parts.SelectMany(p => p.Upserts).Select(i => i.AccessionNumber).Order());
    }

    [Fact]
    public async Task Heartbeats_keep_the_edge_watchdog_quiet_and_resolve_its_exception()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { EdgeSilentAfter = TimeSpan.FromMinutes(10) });
        await h.CompleteAsync(h.Json(BusMessageKinds.EdgeHeartbeat, new EdgeHeartbeat { SiteId = "site-1", AgentVersion = "1.0", At = h.Time.GetUtcNow() }));
        Assert.Equal(0, Mine(h, await h.Pipeline.Watchdogs.CheckEdgeHeartbeatsAsync(default)));

        h.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, Mine(h, await h.Pipeline.Watchdogs.CheckEdgeHeartbeatsAsync(default)));
        Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.EdgeSilent, null, default)).Exceptions);

        await h.CompleteAsync(h.Json(BusMessageKinds.EdgeHeartbeat, new EdgeHeartbeat { SiteId = "site-1", AgentVersion = "1.0", At = h.Time.GetUtcNow() }));
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.EdgeSilent, null, default)).Exceptions);
    }

    [Fact]
    public async Task Parked_messages_in_a_poison_queue_raise_an_exception()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var poison = azurite.QueueService.GetQueueClient(CloudRisPacs.Azure.Configuration.StorageQueueBusOptions.PoisonQueueName(CloudRisPacs.Core.Tenancy.CloudResourceNames.IngressQueue(h.Tenant)));
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("{\"parked\":true}");

        await h.Pipeline.Watchdogs.CheckParkedMessagesAsync(default);

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.ParkedMessages, null, default)).Exceptions);
        Assert.Contains("1 parked", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_credential_never_returns_another_tenants_rows()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC50", StudyUid: study)), enhanced: false));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT9", "X", "ACC50")))));
        var b = Staff(h.OtherTenant);

        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(b, default)).Items);
        Assert.Empty((await h.Pipeline.Api.ListExceptionsAsync(b, "all", null, null, default)).Exceptions);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.GetOrdersAsync(b, "ACC50", default))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.GetStudyAsync(b, study, default))).StatusCode);
        Assert.Empty((await h.Pipeline.Api.TraceAsync(b, null, "ACC50", null, null, default)).Messages);
        Assert.Empty((await h.Pipeline.Api.TraceAsync(b, null, null, "PAT1001", "HOSP", default)).Messages);
        Assert.NotEmpty((await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), null, "ACC50", null, null, default)).Messages);
        var exceptionOfA = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "all", null, null, default)).Exceptions);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.ResolveExceptionAsync(b, exceptionOfA.Id,
            new ExceptionResolutionRequest { Action = "resolve", Note = "not mine" }, default))).StatusCode);
    }

    [Fact]
    public async Task The_edge_role_may_sync_the_worklist_and_nothing_else()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var edge = new TenantPrincipal(h.Tenant, "edge-app", [ApiRoles.EdgeAgent]);
        await h.Pipeline.Api.GetWorklistAsync(edge, default);
        Assert.Equal(403, (await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.ListExceptionsAsync(edge, null, null, null, default))).StatusCode);
        Assert.Equal(403, (await Assert.ThrowsAsync<ApiProblemException>(() => h.Pipeline.Api.SubmitReportAsync(edge,
            new ReportSubmission { AccessionNumber = "A", Text = "x", Author = "x", Status = "F" }, default))).StatusCode);
    }

    [Fact]
    public async Task Trace_follows_a_message_by_id_accession_and_patient()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var order = h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC60")));
        await h.CompleteAsync(h.Hl7(Adt("A04", Max, T0)));
        await h.CompleteAsync(order);

        var byId = Assert.Single((await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), order.MessageId, null, null, null, default)).Messages);
        Assert.Equal((Trace.TraceOutcome.Applied, "ORM^O01"), (byId.Outcome, byId.MessageType));
        var byAccession = await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), null, "ACC60", null, null, default);
        Assert.Equal(order.MessageId, Assert.Single(byAccession.Messages).MessageId);
        Assert.Equal("SCHEDULED", Assert.Single(byAccession.Orders!.Orders).Order.Status);
        Assert.Equal(2, (await h.Pipeline.Api.TraceAsync(Staff(h.Tenant), null, null, "PAT1001", "HOSP", default)).Messages.Count);
    }

    [Fact]
    public async Task Edge_rejected_messages_become_exceptions_with_their_raw_bytes()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var raw = "MSH|^~\\&|RIS|H|||20240315||ORM^O01|1|P|2.3\rBROKEN";
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("X"))) with
        {
            Kind = BusMessageKinds.Hl7Rejected,
            Body = Encoding.UTF8.GetBytes(raw),
            Properties = new Dictionary<string, string> { [Hl7MessageProperties.RejectionReason] = "Segment BROKEN is unknown" },
        });

        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal((ExceptionKinds.EdgeRejectedMessage, raw), (exception.Kind, exception.RawMessage));
        Assert.Contains("Segment BROKEN is unknown", exception.Reason, StringComparison.Ordinal);
    }

    private static MppsEvent Mpps(string status, string study, string accession) => new()
    {
        MppsInstanceUid = "1.2.826.0.1.3680043.2.1125.1",
        Operation = status == "IN PROGRESS" ? "create" : "set",
        Status = status,
        AccessionNumbers = [accession],
        StudyInstanceUids = [study],
        PatientId = "PAT1001",
        Modality = "CT",
    };

    private static MppsScheduledStep Step(string? accession, string study, string requestedProcedureId, string stepId) => new()
    {
        AccessionNumber = accession, StudyInstanceUid = study, RequestedProcedureId = requestedProcedureId, ScheduledProcedureStepId = stepId,
    };
}
