using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.EdgeAgent.Tests.Worklist;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

/// <summary>
/// MPPS and Storage Commitment from our own SCU (libs/Dicom/Network; the end-to-end tests use dcmjs-dimse) against the agent
/// process, with the test playing the cloud: it reads the ingress queue and answers commitment on the edge queue.
/// </summary>
public sealed class MppsAndCommitmentTests
{
    [Fact]
    public async Task Mpps_create_and_set_are_forwarded_to_the_cloud_in_order()
    {
        var settings = DcmtkToAgentTests.ModalitySettings();
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var client = Client(settings);
        var mppsUid = DicomUid.Generate().Value;

        var created = await client.CreateMppsAsync(InProgress("ACC-9", "1.2.826.0.1.3680043.2.1125.9"), mppsUid);
        Assert.Equal(DicomStatus.Success, created.Status);
        var image = new DicomDataset()
            .SetString(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2")
            .SetString(DicomTag.ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.2.1125.9.1.1");
        var series = new DicomDataset().SetString(DicomTag.SeriesInstanceUID, "1.2.826.0.1.3680043.2.1125.9.1");
        series.SetSequence(DicomTag.ReferencedImageSequence, image);
        var modifications = new DicomDataset()
            .SetString(DicomTag.PerformedProcedureStepStatus, "COMPLETED")
            .SetString(DicomTag.PerformedProcedureStepEndDate, "20240320")
            .SetString(DicomTag.PerformedProcedureStepEndTime, "093000");
        modifications.SetSequence(DicomTag.PerformedSeriesSequence, series);
        var completed = await client.SetMppsAsync(mppsUid, modifications);
        Assert.Equal(DicomStatus.Success, completed.Status);

        // A second N-SET on a completed step is refused by the PS3.4 rules and forwards nothing.
        var late = await client.SetMppsAsync(mppsUid, new DicomDataset().SetString(DicomTag.PerformedProcedureStepStatus, "DISCONTINUED"));
        Assert.Equal(DicomStatus.ProcessingFailure, late.Status);

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.DicomMpps).DistinctBy(m => m.MessageId).Count() >= 2, "both MPPS events reached the cloud", 30,
            () => agent.Output);
        await Task.Delay(500);
        var events = cloud.OfKind(BusMessageKinds.DicomMpps).DistinctBy(m => m.MessageId).Select(BusContractJson.Deserialize<MppsEvent>).ToList();
        Assert.Equal([("create", "IN PROGRESS"), ("set", "COMPLETED")], events.Select(e => (e.Operation, e.Status)));
        Assert.All(events, e => Assert.Equal(mppsUid, e.MppsInstanceUid));
        Assert.Equal(["ACC-9"], events[0].AccessionNumbers);
        var step = Assert.Single(events[0].ScheduledSteps);
        Assert.Equal(("ACC-9", "1.2.826.0.1.3680043.2.1125.9", "RP-9", "SPS-9"),
            (step.AccessionNumber, step.StudyInstanceUid, step.RequestedProcedureId, step.ScheduledProcedureStepId));
        Assert.Equal(Dcmtk.ModalityAe, events[0].CallingAeTitle);
        Assert.Equal("1.2.826.0.1.3680043.2.1125.9.1.1", Assert.Single(events[1].ReferencedInstances).SopInstanceUid);
    }

    [Fact]
    public async Task An_mpps_changes_the_worklist_findscu_sees_before_the_cloud_answers()
    {
        var settings = DcmtkToAgentTests.ModalitySettings();
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var head = WorklistCacheTests.Item("HEAD", 1, "CT") with { PatientId = "P-7", AccessionNumber = "ACC-7", RequestedProcedureId = "RP-1", ScheduledProcedureStepId = "SPS-1" };
        var neck = head with { ItemKey = "NECK", RequestedProcedureId = "RP-2", ScheduledProcedureStepId = "SPS-2" };
        await new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishJsonAsync(BusMessageKinds.WorklistChanged, new WorklistChange
        {
            Upserts = [head, neck],
        });
        await Eventually.HoldsAsync(async () => (await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT")).Count == 2, "the worklist reached the cache", 30,
            () => agent.Output);

        // Nobody plays the cloud here: what findscu sees next is the agent's own doing.
        var client = Client(settings);
        var mppsUid = DicomUid.Generate().Value;
        var step = InProgress("ACC-7", head.StudyInstanceUid);
        step.GetFirstItem(DicomTag.ScheduledStepAttributesSequence)!.SetString(DicomTag.RequestedProcedureID, "RP-1").SetString(DicomTag.ScheduledProcedureStepID, "SPS-1");
        Assert.Equal(DicomStatus.Success, (await client.CreateMppsAsync(step, mppsUid)).Status);
        Assert.Equal([("SPS-1", "STARTED"), ("SPS-2", "SCHEDULED")], Steps(await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT")));
        await Eventually.HoldsAsync(() => agent.Output.Contains($"MPPS {mppsUid} IN PROGRESS: 1 cached worklist steps it names marked STARTED", StringComparison.Ordinal),
            "the agent logs what the MPPS marked", 10, () => agent.Output);

        var series = new DicomDataset().SetString(DicomTag.SeriesInstanceUID, head.StudyInstanceUid + ".1");
        series.SetSequence(DicomTag.ReferencedImageSequence, new DicomDataset()
            .SetString(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2").SetString(DicomTag.ReferencedSOPInstanceUID, head.StudyInstanceUid + ".1.1"));
        var completed = new DicomDataset().SetString(DicomTag.PerformedProcedureStepStatus, "COMPLETED")
            .SetString(DicomTag.PerformedProcedureStepEndDate, "20240320").SetString(DicomTag.PerformedProcedureStepEndTime, "093000");
        completed.SetSequence(DicomTag.PerformedSeriesSequence, series);
        Assert.Equal(DicomStatus.Success, (await client.SetMppsAsync(mppsUid, completed)).Status);
        Assert.Equal([("SPS-2", "SCHEDULED")], Steps(await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT")));
        await Eventually.HoldsAsync(() => agent.Output.Contains($"MPPS {mppsUid} COMPLETED: 1 cached worklist steps it names marked COMPLETED", StringComparison.Ordinal),
            "the agent logs what the MPPS marked", 10, () => agent.Output);

        // And the cloud still hears of both, to make it final.
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.DicomMpps).DistinctBy(m => m.MessageId).Count() == 2, "both MPPS events reached the cloud", 30,
            () => agent.Output);
    }

    /// <summary>(step id, status) of each answer's Scheduled Procedure Step, in step id order.</summary>
    private static List<(string?, string?)> Steps(IReadOnlyList<DicomDataset> answers) =>
        answers.Select(a => a.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!)
            .Select(s => (s.GetString(DicomTag.ScheduledProcedureStepID)?.Trim(), s.GetString(DicomTag.ScheduledProcedureStepStatus)?.Trim()))
            .OrderBy(s => s.Item1, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task Commitment_is_reported_only_after_the_cloud_confirms_on_the_same_association_or_a_new_one()
    {
        var modalityPort = FreeTcpPort.Next();
        var settings = DcmtkToAgentTests.ModalitySettings()
            .Set("Dicom:Modalities:0:Host", "127.0.0.1")
            .Set("Dicom:Modalities:0:Port", modalityPort);
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        await using var ingress = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var edge = new CloudPublisher(settings.StorageConnectionString, settings.TenantId);
        var ct = DicomFileReader.Read(Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm")).Dataset;
        var stored = new DicomSopReference(ct.GetString(DicomTag.SOPClassUID)!.Trim(), ct.GetString(DicomTag.SOPInstanceUID)!.Trim());
        var missing = new DicomSopReference(stored.SopClassUid, "1.2.826.0.1.3680043.2.1125.404");
        await Dcmtk.StoreAsync(settings.DicomPort, [Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm")]);

        // Same association: the report waits for the cloud's answer.
        var first = DicomUid.Generate().Value;
        var pending = Client(settings).RequestStorageCommitmentAsync(first, [stored, missing], TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => Requested(ingress, first) is not null, "the commitment request reached the cloud", 30, () => agent.Output);
        Assert.Equal([stored.SopInstanceUid, missing.SopInstanceUid], Requested(ingress, first)!.Instances.Select(i => i.SopInstanceUid));
        await Task.Delay(1000);
        Assert.False(pending.IsCompleted, "No report before the cloud confirmed.");
        await edge.PublishJsonAsync(BusMessageKinds.DicomCommitmentResult, new CommitmentResult
        {
            TransactionUid = first,
            RequestingAeTitle = Dcmtk.ModalityAe,
            Committed = [new SopInstanceReference(stored.SopClassUid, stored.SopInstanceUid)],
            Failed = [new CommitmentFailure(missing.SopClassUid, missing.SopInstanceUid, 0x0112, "not stored")],
        });
        var report = await pending.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(report);
        Assert.Equal([stored], report.Committed);
        Assert.Equal((missing, (ushort)0x0112), (Assert.Single(report.Failed).Instance, report.Failed[0].FailureReason));

        // The modality has released before the answer: the report comes on a new association to its configured address.
        await using var modality = await ModalityScp.StartAsync(modalityPort);
        var second = DicomUid.Generate().Value;
        Assert.Null(await Client(settings).RequestStorageCommitmentAsync(second, [stored], TimeSpan.FromMilliseconds(500)));
        await Eventually.HoldsAsync(() => Requested(ingress, second) is not null, "the second request reached the cloud", 30, () => agent.Output);
        await Task.Delay(500);
        Assert.Equal(0, modality.CountFor(second));
        await edge.PublishJsonAsync(BusMessageKinds.DicomCommitmentResult, new CommitmentResult
        {
            TransactionUid = second,
            RequestingAeTitle = Dcmtk.ModalityAe,
            Committed = [new SopInstanceReference(stored.SopClassUid, stored.SopInstanceUid)],
        });
        var late = await modality.FirstReportAsync(second, 60, () => agent.Output);
        Assert.Equal((second, 1), (late.TransactionUid, late.Committed.Count));
        Assert.Empty(late.Failed);
    }

    internal static CommitmentRequest? Requested(IngressConsumer ingress, string transactionUid) =>
        ingress.OfKind(BusMessageKinds.DicomCommitmentRequested).Select(BusContractJson.Deserialize<CommitmentRequest>)
            .FirstOrDefault(r => r.TransactionUid == transactionUid);

    internal static DicomClient Client(AgentSettings settings) => new(new DicomClientOptions
    {
        Host = "127.0.0.1",
        Port = settings.DicomPort,
        CallingAeTitle = Dcmtk.ModalityAe,
        CalledAeTitle = Dcmtk.AgentAe,
    });

    private static DicomDataset InProgress(string accession, string studyUid)
    {
        var step = new DicomDataset()
            .SetString(DicomTag.PatientID, "P-9")
            .SetString(DicomTag.PatientName, "Doe^John");
        step.SetSequence(DicomTag.ScheduledStepAttributesSequence, new DicomDataset()
            .SetString(DicomTag.StudyInstanceUID, studyUid)
            .SetString(DicomTag.AccessionNumber, accession)
            .SetString(DicomTag.RequestedProcedureID, "RP-9")
            .SetString(DicomTag.ScheduledProcedureStepID, "SPS-9"));
        return step.SetString(DicomTag.PerformedProcedureStepID, "PPS-9")
            .SetString(DicomTag.PerformedStationAETitle, Dcmtk.ModalityAe)
            .SetString(DicomTag.PerformedProcedureStepStartDate, "20240320")
            .SetString(DicomTag.PerformedProcedureStepStartTime, "090000")
            .SetString(DicomTag.PerformedProcedureStepStatus, "IN PROGRESS")
            .SetString(DicomTag.Modality, "CT");
    }
}
