using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.DicomServices;

/// <summary>
/// The re-delivery pass over a real store, one pass at a time, with our <see cref="Dicom.Network.Hosting.DicomServer"/> as
/// the modality: what a restarted agent finds in its store (answered, unanswered past the timeout, held by an
/// association, for a modality without an address) and what it does with each.
/// </summary>
public sealed class CommitmentReportDeliveryTests
{
    private static readonly SopInstanceReference Ct = new("1.2.840.10008.5.1.4.1.1.2", "1.2.826.0.1.3680043.2.1125.88.1");
    private static readonly SopInstanceReference Mr = new("1.2.840.10008.5.1.4.1.1.4", "1.2.826.0.1.3680043.2.1125.88.2");

    [Fact]
    public async Task A_request_the_cloud_never_answered_is_reported_failed_after_the_timeout_even_after_a_restart()
    {
        var port = FreeTcpPort.Next();
        await using var modality = await ModalityScp.StartAsync(port);
        await using var run = new PassRun(Modality(Dcmtk.ModalityAe, "127.0.0.1", port), commitmentTimeout: TimeSpan.FromMilliseconds(1));
        await run.RequestAsync("1.2.3.10", Dcmtk.ModalityAe);
        await Eventually.HoldsAsync(async () => (await run.Store.ListUnansweredAsync(DateTimeOffset.UtcNow.AddMilliseconds(-1), 10)).Count == 1,
            "the request is older than the 1 ms commitment timeout", 10);

        await run.Delivery.RunPassAsync(CancellationToken.None);

        var report = await modality.FirstReportAsync("1.2.3.10", 30, () => string.Empty);
        Assert.Empty(report.Committed);
        Assert.Equal([(Ct.SopInstanceUid, StorageCommitmentFailureReason.ProcessingFailure), (Mr.SopInstanceUid, StorageCommitmentFailureReason.ProcessingFailure)],
            report.Failed.Select(f => (f.Instance.SopInstanceUid, f.FailureReason)));
        Assert.Equal((1, 1, (string?)null), await run.Store.GetStateAsync("1.2.3.10"));
        var recorded = await run.Store.GetResultAsync("1.2.3.10");
        Assert.All(recorded!.Failed, f => Assert.Equal("no answer from the cloud within 00:00:00.0010000", f.Explanation));
    }

    [Fact]
    public async Task A_transaction_held_by_its_association_is_left_to_it_until_the_association_hands_it_over()
    {
        var port = FreeTcpPort.Next();
        await using var modality = await ModalityScp.StartAsync(port);
        await using var run = new PassRun(Modality(Dcmtk.ModalityAe, "127.0.0.1", port));
        await run.RequestAsync("1.2.3.20", Dcmtk.ModalityAe);
        Assert.True(run.Claims.TryClaim("1.2.3.20"));
        await run.Store.RecordResultAsync(Answer("1.2.3.20"));

        var wait = await run.Delivery.RunPassAsync(CancellationToken.None);
        Assert.Equal(0, modality.CountFor("1.2.3.20"));
        Assert.True(wait >= TimeSpan.FromSeconds(1), $"a held report is looked at again after a pause, not in a busy loop (waits {wait})");

        var due = 0;
        run.Claims.ReportDue += (_, _) => due++;
        run.Claims.Release("1.2.3.20", reportDue: true);
        Assert.Equal(1, due);
        await run.Delivery.RunPassAsync(CancellationToken.None);

        var report = await modality.FirstReportAsync("1.2.3.20", 30, () => string.Empty);
        Assert.Equal([Ct.SopInstanceUid], report.Committed.Select(c => c.SopInstanceUid));
        Assert.Equal((Mr.SopInstanceUid, (ushort)0x0112), (report.Failed.Single().Instance.SopInstanceUid, report.Failed.Single().FailureReason));
        Assert.Equal(1, (await run.Store.GetStateAsync("1.2.3.20"))!.Value.State);
        Assert.False(run.Claims.IsClaimed("1.2.3.20"));
    }

    [Fact]
    public async Task A_modality_without_an_address_or_no_longer_configured_is_parked_at_once_with_the_reason()
    {
        await using var run = new PassRun(Modality("US_ROOM3", host: null, 104));
        await run.RequestAsync("1.2.3.30", "US_ROOM3");
        await run.RequestAsync("1.2.3.31", "GONE_ROOM");
        await run.Store.RecordResultAsync(Answer("1.2.3.30"));
        await run.Store.RecordResultAsync(Answer("1.2.3.31"));

        await run.Delivery.RunPassAsync(CancellationToken.None);

        var noHost = await run.Store.GetStateAsync("1.2.3.30");
        Assert.Equal((2, 1), (noHost!.Value.State, noHost.Value.Attempts));
        Assert.Contains("modality US_ROOM3 has no Host configured", noHost.Value.LastError, StringComparison.Ordinal);
        var gone = await run.Store.GetStateAsync("1.2.3.31");
        Assert.Equal(2, gone!.Value.State);
        Assert.Contains("GONE_ROOM is not a configured modality", gone.Value.LastError, StringComparison.Ordinal);
        Assert.Equal(["1.2.3.30", "1.2.3.31"], (await run.Store.ListParkedAsync(10)).Select(p => p.Id));
        Assert.Equal(2, (await run.Store.GetBacklogAsync()).Parked);
        Assert.Equal(2, run.Counters.Get(EdgeCounters.CommitmentParked));
    }

    private static DicomPeerOptions Modality(string ae, string? host, int port) => new() { AeTitle = ae, Host = host, Port = port };

    private static CommitmentResult Answer(string uid) => new()
    {
        TransactionUid = uid,
        RequestingAeTitle = Dcmtk.ModalityAe,
        Committed = [Ct],
        Failed = [new CommitmentFailure(Mr.SopClassUid, Mr.SopInstanceUid, 0x0112, "not stored")],
    };

    /// <summary>A store, claims and the re-delivery pass as the agent wires them, for one configured modality.</summary>
    private sealed class PassRun : IAsyncDisposable
    {
        private readonly TempDatabase temp = new();
        private readonly EdgeMessages messages;

        public PassRun(DicomPeerOptions modality, TimeSpan? commitmentTimeout = null)
        {
            var tenant = TenantId.Parse("clinic-a");
            messages = new EdgeMessages(new EdgeSite(tenant, "test", Core.Messaging.BusChannel.Ingress(tenant), Core.Messaging.BusChannel.Edge(tenant), "dicom-clinic-a"),
                TimeProvider.System);
            Store = new CommitmentStore(temp.Database, temp.Outbox, TimeProvider.System);
            var options = new DicomListenerOptions { AeTitle = Dcmtk.AgentAe, CommitmentTimeout = commitmentTimeout ?? TimeSpan.FromHours(1) };
            options.Modalities.Add(modality);
            Delivery = new CommitmentReportDelivery(Store, Claims, options, new ModalityGate(options, NullLogger<ModalityGate>.Instance), Counters, TimeProvider.System,
                NullLogger<CommitmentReportDelivery>.Instance, NullLoggerFactory.Instance);
        }

        public CommitmentStore Store { get; }

        public CommitmentClaims Claims { get; } = new();

        public EdgeCounters Counters { get; } = new();

        public CommitmentReportDelivery Delivery { get; }

        public Task<bool> RequestAsync(string uid, string requester)
        {
            var request = new CommitmentRequest { TransactionUid = uid, RequestingAeTitle = requester, Instances = [Ct, Mr], RequestedAt = DateTimeOffset.UtcNow };
            return Store.AddRequestAsync(request, messages.Json(Core.Messaging.BusMessageKinds.DicomCommitmentRequested, request, patientId: null));
        }

        public async ValueTask DisposeAsync()
        {
            Delivery.Dispose();
            Counters.Dispose();
            await temp.DisposeAsync();
        }
    }
}
