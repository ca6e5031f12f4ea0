using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Storage;

/// <summary>
/// A storage commitment asked while the cloud is unreachable reaches the cloud only once the instances it names have
/// left the spool, so the cloud's commitment timeout, which runs from the request's arrival, cannot fail instances that
/// are still on their way; instances the agent never received do not hold it.
/// </summary>
public sealed class CommitmentWaitTests
{
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    [Fact]
    public async Task A_request_is_forwarded_only_after_its_spooled_instances_are_uploaded_or_parked()
    {
        await using var temp = new TempDatabase();
        var tenant = TenantId.Parse("clinic-a");
        var messages = new EdgeMessages(new EdgeSite(tenant, "test", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), "dicom-clinic-a"), TimeProvider.System);
        var store = new CommitmentStore(temp.Database, temp.Outbox, TimeProvider.System);

        // The cloud is down: three images wait in the spool; a fourth was never received here.
        foreach (var sop in new[] { "1.2.3.1", "1.2.3.2", "1.2.3.3" })
        {
            await temp.Spool.AddAsync(new SpoolEntry($"{sop}.dcm", sop, CtImage, "1.2.3", "1.2.3.0", "1.2.840.10008.1.2.1", "P1", 100, "CT", "EDGE", sop,
                DateTimeOffset.UtcNow));
        }

        async Task RequestAsync(string uid, params string[] sops)
        {
            var request = new CommitmentRequest
            {
                TransactionUid = uid, RequestingAeTitle = "CT", Instances = sops.Select(s => new SopInstanceReference(CtImage, s)).ToList(),
                RequestedAt = DateTimeOffset.UtcNow,
            };
            Assert.True(await store.AddRequestAsync(request, messages.Json(BusMessageKinds.DicomCommitmentRequested, request, patientId: null, correlationId: uid)));
        }

        async Task<IReadOnlyList<string?>> ForwardableAsync() =>
            (await temp.Outbox.ReadPendingAsync(100)).Where(e => e.Message.Kind == BusMessageKinds.DicomCommitmentRequested)
            .Select(e => e.Message.CorrelationId).ToList();

        await RequestAsync("1.9.1", "1.2.3.1", "1.2.3.2", "1.2.3.99");
        await RequestAsync("1.9.2", "1.2.3.3");
        await RequestAsync("1.9.3", "1.2.3.98");
        Assert.Equal(["1.9.3"], await ForwardableAsync());

        var spooled = await temp.Spool.ReadPendingAsync(10);
        async Task UploadAsync(string sop) => await temp.Spool.MarkUploadedAsync(spooled.Single(e => e.SopInstanceUid == sop).Sequence,
            messages.Json(BusMessageKinds.DicomInstanceStored, new { sop }, "P1"));

        // The link is back and the backlog uploads: a request goes as soon as its last spooled instance is up.
        await UploadAsync("1.2.3.1");
        Assert.Equal(["1.9.3"], await ForwardableAsync());
        await UploadAsync("1.2.3.2");
        Assert.Equal(["1.9.1", "1.9.3"], (await ForwardableAsync()).Order(StringComparer.Ordinal));

        // An instance whose upload is given up on is not coming: the cloud judges it (and fails it).
        await temp.Spool.RecordFailureAsync(spooled.Single(e => e.SopInstanceUid == "1.2.3.3").Sequence, "refused", DateTimeOffset.UtcNow, park: true);
        Assert.Equal(["1.9.1", "1.9.2", "1.9.3"], (await ForwardableAsync()).Order(StringComparer.Ordinal));
    }
}
