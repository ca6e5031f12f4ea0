using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

/// <summary>
/// Storage commitment reports that cannot go on the requesting association: our SCU (libs/Dicom/Network) asks the real
/// agent process, the test plays the cloud (ingress queue, edge queue on Azurite) and the modality's own listener (our
/// <see cref="Dicom.Network.Hosting.DicomServer"/>: DCMTK's storescp takes no N-EVENT-REPORT).
/// </summary>
public sealed class CommitmentRedeliveryTests
{
    private static readonly DicomSopReference Stored = new(DicomUid.CTImageStorage.Value, "1.2.826.0.1.3680043.2.1125.77.1");
    private static readonly DicomSopReference Missing = new(DicomUid.CTImageStorage.Value, "1.2.826.0.1.3680043.2.1125.77.2");

    [Fact]
    public async Task A_result_that_arrives_after_a_kill_9_and_restart_reaches_the_modality_on_a_new_association_exactly_once()
    {
        var modalityPort = FreeTcpPort.Next();
        var settings = ModalityAt(modalityPort);
        await using var cleanup = new TenantCleanup(settings);
        await using var modality = await ModalityScp.StartAsync(modalityPort);
        await using var ingress = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var uid = DicomUid.Generate().Value;

        // The modality asks, gets the N-ACTION success and releases before the cloud has decided; then the agent dies.
        await using (var agent = await AgentProcess.StartAsync(settings))
        {
            Assert.Null(await MppsAndCommitmentTests.Client(settings).RequestStorageCommitmentAsync(uid, [Stored, Missing], TimeSpan.FromMilliseconds(200)));
            await Eventually.HoldsAsync(() => MppsAndCommitmentTests.Requested(ingress, uid) is not null, "the request reached the cloud", 60, () => agent.Output);
            await agent.KillAsync();
        }

        await using var restarted = await AgentProcess.StartAsync(settings);
        await PublishResultAsync(settings, uid);

        var report = await modality.FirstReportAsync(uid, 60, () => restarted.Output);
        Assert.Equal([Stored], report.Committed);
        var failed = Assert.Single(report.Failed);
        Assert.Equal((Missing, (ushort)0x0112), (failed.Instance, failed.FailureReason));
        Assert.Equal(StorageCommitmentReport.SomeFailedEventType, report.EventTypeId);
        var association = modality.Received.Single(r => r.Report.TransactionUid == uid).Association;
        Assert.Equal(Dcmtk.AgentAe, association.CallingAeTitle);
        Assert.True(Assert.Single(association.PresentationContexts).RequestorIsScp, "the agent proposes the SCP role for the report");

        // Reported means the modality answered success: the transaction is closed, so nothing sends it again.
        var status = await StatusWhenAsync(settings, s => Queue(s, "pending") == 0, "the commitment is no longer open", restarted);
        Assert.Equal(0, Queue(status, "parked"));
        Assert.Equal(1, Counter(status, "dicom.commitment-redelivered"));
        Assert.Equal(1, modality.CountFor(uid));

        // The console logger writes from its own queue: the line may trail the counter the status already shows.
        var delivered = $"Storage commitment {uid}: report (1 committed, 1 failed) delivered to {Dcmtk.ModalityAe} at 127.0.0.1:{modalityPort}";
        await Eventually.HoldsAsync(() => restarted.Output.Contains(delivered, StringComparison.Ordinal), "the delivery is logged", 10, () => restarted.Output);

        // A redelivered cloud answer finds the transaction reported and sends nothing.
        await PublishResultAsync(settings, uid);
        var edgeQueue = new QueueServiceClient(settings.StorageConnectionString).GetQueueClient(settings.EdgeQueue);
        await Eventually.HoldsAsync(async () => (await edgeQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the agent consumed the repeated answer", 60, () => restarted.Output);
        Assert.Equal(1, modality.CountFor(uid));
    }

    [Fact]
    public async Task A_modality_that_is_down_is_retried_with_backoff_then_its_report_is_parked_visibly()
    {
        var closedPort = FreeTcpPort.Next();
        var settings = ModalityAt(closedPort)
            .Set("Dicom:CommitmentReportMaxAttempts", 3)
            .Set("Dicom:CommitmentReportRetryDelay", "00:00:00.200")
            .Set("Dicom:CommitmentReportMaxRetryDelay", "00:00:00.500");
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        await using var ingress = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var uid = DicomUid.Generate().Value;

        Assert.Null(await MppsAndCommitmentTests.Client(settings).RequestStorageCommitmentAsync(uid, [Stored, Missing], TimeSpan.FromMilliseconds(200)));
        await Eventually.HoldsAsync(() => MppsAndCommitmentTests.Requested(ingress, uid) is not null, "the request reached the cloud", 60, () => agent.Output);
        await PublishResultAsync(settings, uid);

        // The counter follows the parked row (the row is written first), so the status is read once both show.
        var status = await StatusWhenAsync(settings, s => Queue(s, "parked") == 1 && Counter(s, "dicom.commitment-parked") == 1, "the report is parked", agent);
        Assert.Equal(0, Queue(status, "pending"));
        Assert.Equal("degraded", status.GetProperty("health").GetString());
        Assert.Contains(status.GetProperty("problems").EnumerateArray(), p => p.GetString() == "1 commitment entry is parked.");
        var parked = status.GetProperty("parked").EnumerateArray().Single(p => p.GetProperty("queue").GetString() == "commitment");
        Assert.Equal(uid, parked.GetProperty("id").GetString());
        Assert.Equal(3, parked.GetProperty("attempts").GetInt32());
        Assert.Contains($"{Dcmtk.ModalityAe} at 127.0.0.1:{closedPort} cannot be reached", parked.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, Counter(status, "dicom.commitment-report-failures"));
        Assert.Equal(1, Counter(status, "dicom.commitment-parked"));

        // The console logger writes from its own queue: the parked line may trail the status.
        await Eventually.HoldsAsync(() => agent.Output.Contains($"PARKED storage commitment report {uid}", StringComparison.Ordinal), "the parking is logged", 10,
            () => agent.Output);
        var output = agent.Output;
        Assert.Contains($"Storage commitment {uid}: report to {Dcmtk.ModalityAe} not delivered on attempt 1: {Dcmtk.ModalityAe} at 127.0.0.1:{closedPort} cannot be reached", output, StringComparison.Ordinal);
        Assert.Contains($"not delivered on attempt 2:", output, StringComparison.Ordinal);
        Assert.Contains($"PARKED storage commitment report {uid} for {Dcmtk.ModalityAe} after 3 attempt(s): {Dcmtk.ModalityAe} at 127.0.0.1:{closedPort} cannot be reached", output, StringComparison.Ordinal);
    }

    private static AgentSettings ModalityAt(int port) => DcmtkToAgentTests.ModalitySettings()
        .Set("Dicom:Modalities:0:Host", "127.0.0.1")
        .Set("Dicom:Modalities:0:Port", port);

    private static Task PublishResultAsync(AgentSettings settings, string uid) =>
        new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishJsonAsync(BusMessageKinds.DicomCommitmentResult, new CommitmentResult
        {
            TransactionUid = uid,
            RequestingAeTitle = Dcmtk.ModalityAe,
            Committed = [new SopInstanceReference(Stored.SopClassUid, Stored.SopInstanceUid)],
            Failed = [new CommitmentFailure(Missing.SopClassUid, Missing.SopInstanceUid, 0x0112, "not stored")],
        });

    private static async Task<JsonElement> StatusWhenAsync(AgentSettings settings, Func<JsonElement, bool> condition, string what, AgentProcess agent)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var status = default(JsonElement);
        await Eventually.HoldsAsync(async () => condition(status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri)), what, 60,
            () => $"{status}{Environment.NewLine}{agent.Output}");
        return status;
    }

    private static long Queue(JsonElement status, string field) => status.GetProperty("queues").GetProperty("commitment").GetProperty(field).GetInt64();

    private static long Counter(JsonElement status, string name) =>
        status.GetProperty("counters").TryGetProperty(name, out var value) ? value.GetInt64() : 0;
}
