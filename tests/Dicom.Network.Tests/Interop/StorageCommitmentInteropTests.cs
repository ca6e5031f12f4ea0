using System.Text.Json;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Dicom.Network.Tests.StorageCommitment;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Interop;

/// <summary>
/// Storage Commitment Push Model against an independent implementation (dcmjs-dimse; DCMTK ships no storage commitment
/// tool): its N-ACTION is understood by our SCP, and our N-EVENT-REPORT is read by it, on the requesting association and
/// on a new one to the requester's address (where we take the SCP role for the requestor).
/// </summary>
public sealed class StorageCommitmentInteropTests(ITestOutputHelper output)
{
    private const string PushModel = "1.2.840.10008.1.20.1";
    private const string PushModelInstance = "1.2.840.10008.1.20.1.1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly DicomSopReference[] Instances = CommitmentSamples.Instances;

    private readonly TestLog log = new(output);

    [Fact]
    public async Task Its_request_is_answered_and_reported_on_the_same_association()
    {
        var handler = new GatedDecider(request => new StorageCommitmentResult(
            request.Instances.Take(2).ToArray(),
            [new StorageCommitmentFailure(request.Instances[2], StorageCommitmentFailureReason.NoSuchObjectInstance)]));
        handler.Open();
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorageCommitment(new StorageCommitmentService(handler, new StorageCommitmentOptions(), log)), log);

        var result = await DcmjsDimsePeer.SendAsync(
            new DimseSendPlan("127.0.0.1", server.LocalEndPoint.Port, "MODALITY1", server.AeTitle, [Action("1.2.840.99.31")]) { EventReports = 1 },
            Timeout);

        Assert.True(result.Associated, result.ToString());
        Assert.Equal(0, result.Status(0));
        var report = Assert.Single(result.EventReports);
        Assert.Equal(2, report.GetProperty("eventTypeId").GetInt32());
        Assert.Equal(PushModelInstance, report.GetProperty("sopInstanceUid").GetString());
        var dataset = report.GetProperty("dataset");
        Assert.Equal("1.2.840.99.31", dataset.GetProperty("TransactionUID").GetString());
        Assert.Equal(Instances.Take(2), References(dataset.GetProperty("ReferencedSOPSequence")));
        var failed = Assert.Single(dataset.GetProperty("FailedSOPSequence").EnumerateArray());
        Assert.Equal(Instances[2], Reference(failed));
        Assert.Equal(StorageCommitmentFailureReason.NoSuchObjectInstance, failed.GetProperty("FailureReason").GetInt32());
        Assert.Equal("MODALITY1", handler.Requests.Single().Association.CallingAeTitle);
    }

    [Fact]
    public async Task When_it_has_left_the_report_goes_to_its_listener_on_a_new_association()
    {
        var handler = new GatedDecider(request => new StorageCommitmentResult(request.Instances, []));
        await using var modality = await DcmjsDimsePeer.ListenAsync(FreeTcpPort.Next(), Timeout);
        var options = new StorageCommitmentOptions
        {
            LocalAeTitle = TestServer.AeTitle,
            Requesters = { ["MODALITY1"] = new DicomRemoteAe("MODALITY1", "127.0.0.1", modality.Port) },
        };
        var service = new StorageCommitmentService(handler, options, log);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorageCommitment(service), log);

        var result = await DcmjsDimsePeer.SendAsync(
            new DimseSendPlan("127.0.0.1", server.LocalEndPoint.Port, "MODALITY1", server.AeTitle, [Action("1.2.840.99.32")]),
            Timeout);
        Assert.Equal(0, result.Status(0));
        Assert.Empty(result.EventReports);
        handler.Open();

        var report = await modality.NextRequestAsync("N-EVENT-REPORT", Timeout);
        await service.WhenReportsDoneAsync().WaitAsync(Timeout);
        Assert.Equal(TestServer.AeTitle, report.GetProperty("callingAe").GetString());
        Assert.Equal(1, report.GetProperty("eventTypeId").GetInt32());
        Assert.Equal(PushModel, report.GetProperty("sopClassUid").GetString());
        Assert.Equal("1.2.840.99.32", report.GetProperty("dataset").GetProperty("TransactionUID").GetString());
        Assert.Equal(Instances, References(report.GetProperty("dataset").GetProperty("ReferencedSOPSequence")));
        Assert.False(log.Contains("could not be delivered"), string.Join("\n", log.Lines));
    }

    [Fact]
    public async Task Our_scu_request_is_read_by_the_dcmjs_dimse_scp()
    {
        await using var peer = await DcmjsDimsePeer.ListenAsync(FreeTcpPort.Next(), Timeout);
        var client = new DicomClient(
            new DicomClientOptions { Host = "127.0.0.1", Port = peer.Port, CalledAeTitle = "DCMJS", CallingAeTitle = "MODALITY1", ReleaseTimeout = TimeSpan.FromSeconds(5) }, log);
        await using (var association = await client.ConnectAsync([new DicomPresentationContextProposal(PushModel)]))
        {
            Assert.Equal(DicomStatus.Success, (await association.RequestStorageCommitmentAsync("1.2.840.99.33", Instances)).Status);
            await association.ReleaseAsync();
        }

        var action = await peer.NextRequestAsync("N-ACTION", Timeout);
        Assert.Equal(1, action.GetProperty("actionTypeId").GetInt32());
        Assert.Equal(PushModelInstance, action.GetProperty("sopInstanceUid").GetString());
        Assert.Equal("1.2.840.99.33", action.GetProperty("dataset").GetProperty("TransactionUID").GetString());
        Assert.Equal(Instances, References(action.GetProperty("dataset").GetProperty("ReferencedSOPSequence")));
    }

    private static DimseRequest Action(string transactionUid) => new("N-ACTION", PushModel, PushModelInstance, new
    {
        TransactionUID = transactionUid,
        ReferencedSOPSequence = Instances.Select(i => new { ReferencedSOPClassUID = i.SopClassUid, ReferencedSOPInstanceUID = i.SopInstanceUid }).ToArray(),
    })
    {
        ActionTypeId = 1,
    };

    private static DicomSopReference[] References(JsonElement sequence) => [.. sequence.EnumerateArray().Select(Reference)];

    private static DicomSopReference Reference(JsonElement item) =>
        new(item.GetProperty("ReferencedSOPClassUID").GetString()!, item.GetProperty("ReferencedSOPInstanceUID").GetString()!);

    /// <summary>Decides with a function once <see cref="Open"/> is called (the cloud answering later).</summary>
    private sealed class GatedDecider(Func<StorageCommitmentRequest, StorageCommitmentResult> decide) : IStorageCommitmentHandler
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<StorageCommitmentRequest> Requests { get; } = new();

        public void Open() => gate.TrySetResult();

        public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            await gate.Task.WaitAsync(cancellationToken);
            return decide(request);
        }
    }
}
