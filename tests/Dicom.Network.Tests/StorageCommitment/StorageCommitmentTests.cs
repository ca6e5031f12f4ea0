using System.Collections.Concurrent;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.StorageCommitment;

/// <summary>
/// Storage Commitment Push Model SCP with our SCU (an independent one, dcmjs-dimse, is in
/// <see cref="Interop.StorageCommitmentInteropTests"/>): the N-ACTION is answered
/// before the decision; the report follows on the same association when it is still open, else on a new association to the requester's
/// configured address, where this side takes the SCP role. The N-ACTION is answered only once the handler accepted
/// (recorded) the request.
/// </summary>
public sealed class StorageCommitmentTests(ITestOutputHelper output)
{
    private static readonly DicomSopReference[] Instances = CommitmentSamples.Instances;

    private readonly TestLog log = new(output);

    [Fact]
    public async Task The_report_comes_on_the_same_association_with_committed_and_failed_instances()
    {
        var handler = new Decider(request => new StorageCommitmentResult(
            request.Instances.Take(2).ToArray(),
            [new StorageCommitmentFailure(request.Instances[2], StorageCommitmentFailureReason.NoSuchObjectInstance)]));
        await using var server = await StartScpAsync(handler, new StorageCommitmentOptions());
        var client = TestServer.ClientFor(server, log, "MODALITY1");

        var report = await client.RequestStorageCommitmentAsync("1.2.840.99.1", Instances, TimeSpan.FromSeconds(10));

        Assert.NotNull(report);
        Assert.Equal("1.2.840.99.1", report.TransactionUid);
        Assert.Equal(StorageCommitmentReport.SomeFailedEventType, report.EventTypeId);
        Assert.Equal(Instances.Take(2), report.Committed);
        var failed = Assert.Single(report.Failed);
        Assert.Equal(Instances[2], failed.Instance);
        Assert.Equal(StorageCommitmentFailureReason.NoSuchObjectInstance, failed.FailureReason);
        Assert.Equal("MODALITY1", handler.Requests.Single().Association.CallingAeTitle);
    }

    [Fact]
    public async Task All_committed_is_event_type_1_and_undecided_instances_fail()
    {
        await using var all = await StartScpAsync(new Decider(request => new StorageCommitmentResult(request.Instances, [])), new StorageCommitmentOptions());
        var report = await TestServer.ClientFor(all, log).RequestStorageCommitmentAsync("1.2.840.99.2", Instances, TimeSpan.FromSeconds(10));
        Assert.Equal(StorageCommitmentReport.AllCommittedEventType, report!.EventTypeId);
        Assert.Empty(report.Failed);

        await using var partial = await StartScpAsync(new Decider(request => new StorageCommitmentResult([request.Instances[0]], [])), new StorageCommitmentOptions());
        var undecided = await TestServer.ClientFor(partial, log).RequestStorageCommitmentAsync("1.2.840.99.3", Instances, TimeSpan.FromSeconds(10));
        Assert.Equal([Instances[1], Instances[2]], undecided!.Failed.Select(f => f.Instance));
        Assert.All(undecided.Failed, f => Assert.Equal(StorageCommitmentFailureReason.ProcessingFailure, f.FailureReason));
    }

    [Fact]
    public async Task A_failing_handler_reports_every_instance_as_failed()
    {
        await using var server = await StartScpAsync(new Decider(_ => throw new InvalidOperationException("the cloud is away")), new StorageCommitmentOptions());

        var report = await TestServer.ClientFor(server, log).RequestStorageCommitmentAsync("1.2.840.99.4", Instances, TimeSpan.FromSeconds(10));

        Assert.Empty(report!.Committed);
        Assert.Equal(Instances, report.Failed.Select(f => f.Instance));
    }

    [Fact]
    public async Task When_the_requester_has_left_the_report_goes_on_a_new_association_to_its_configured_address()
    {
        var release = new TaskCompletionSource();
        await using var scp = await WithModalityAsync(new Decider(request => new StorageCommitmentResult(request.Instances, []), release.Task));
        var (received, service, server) = (scp.Received, scp.Service, scp.Server);
        var client = TestServer.ClientFor(server, log, "MODALITY1");

        await using (var association = await client.ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)]))
        {
            var response = await association.RequestStorageCommitmentAsync("1.2.840.99.5", Instances);
            Assert.Equal(DicomStatus.Success, response.Status);
            await association.ReleaseAsync();
        }

        release.SetResult();
        await service.WhenReportsDoneAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var (report, association2) = Assert.Single(received.Reports);
        Assert.Equal("1.2.840.99.5", report.TransactionUid);
        Assert.Equal(Instances, report.Committed);
        Assert.Equal(TestServer.AeTitle, association2.CallingAeTitle);
        var context = Assert.Single(association2.PresentationContexts);
        Assert.True(context.RequestorIsScp);
        Assert.False(context.RequestorIsScu);
    }

    [Fact]
    public async Task The_handler_hears_of_a_delivered_report_and_may_take_over_one_the_requester_left()
    {
        var release = new TaskCompletionSource();
        var handler = new Decider(request => new StorageCommitmentResult(request.Instances.Take(2).ToArray(), []),
            gateFor: uid => uid == "1.2.840.99.21" ? release.Task : null) { TakesOver = true };
        await using var scp = await WithModalityAsync(handler);
        var (received, service) = (scp.Received, scp.Service);
        var client = TestServer.ClientFor(scp.Server, log, "MODALITY1");

        // Still connected: the report goes on the association and the handler is told it arrived. Our SCU answers the
        // report before it releases, every time (it used to release first now and then, and the answer was lost).
        for (var i = 0; i < 20; i++)
        {
            var uid = $"1.2.840.99.20.{i}";
            var report = await client.RequestStorageCommitmentAsync(uid, Instances, TimeSpan.FromSeconds(20));
            var delivered = await handler.DeliveredAsync(uid).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(report!.Committed, delivered.Committed);
            Assert.Equal(Instances.Take(2), delivered.Committed);
            Assert.Equal([Instances[2]], delivered.Failed.Select(f => f.Instance));
        }

        Assert.False(handler.TakenOver.Task.IsCompleted, "no report was handed over while its association was open");

        // Gone before the decision: the handler takes the report over, so the service sends nothing to the configured address.
        Assert.Null(await client.RequestStorageCommitmentAsync("1.2.840.99.21", Instances, TimeSpan.FromMilliseconds(200)));
        await WhenClosedAsync(scp.Server); // our side of the release can trail the client's by a moment
        release.SetResult();
        var (takenOver, why) = await handler.TakenOver.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await service.WhenReportsDoneAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("1.2.840.99.21", takenOver.TransactionUid);
        Assert.Equal(Instances.Take(2), takenOver.Committed);
        Assert.Equal("the requesting association has closed", why);
        Assert.Empty(received.Reports);
    }

    [Fact]
    public async Task A_request_accepted_just_before_its_association_died_is_still_decided_and_reported()
    {
        var aborted = new TaskCompletionSource();
        var handler = new Decider(request => new StorageCommitmentResult(request.Instances, [])) { Accept = _ => aborted.Task };
        await using var scp = await WithModalityAsync(handler);
        var (received, server) = (scp.Received, scp.Server);
        var association = await TestServer.ClientFor(server, log, "MODALITY1").ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)]);
        await using (association)
        {
            var action = association.RequestStorageCommitmentAsync("1.2.840.99.22", Instances);
            await handler.Accepting.Task.WaitAsync(TimeSpan.FromSeconds(20));
            association.Abort();
            await Assert.ThrowsAnyAsync<Exception>(() => action);
        }

        // The server must have seen the abort before the handler finishes accepting.
        await WhenClosedAsync(server);

        // The handler has now remembered a request whose N-ACTION response cannot be sent any more.
        aborted.SetResult();
        var delivered = await handler.DeliveredAsync("1.2.840.99.22").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("1.2.840.99.22", delivered.TransactionUid);
        var (report, _) = Assert.Single(received.Reports);
        Assert.Equal(Instances, report.Committed);
        Assert.True(log.Contains("the N-ACTION response could not be sent"), string.Join("\n", log.Lines));
    }

    [Fact]
    public async Task A_requester_without_a_configured_address_is_logged_as_undeliverable()
    {
        var release = new TaskCompletionSource();
        var service = new StorageCommitmentService(new Decider(request => new StorageCommitmentResult(request.Instances, []), release.Task), new StorageCommitmentOptions(), log);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorageCommitment(service), log);
        await using (var association = await TestServer.ClientFor(server, log, "UNKNOWN").ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)]))
        {
            await association.RequestStorageCommitmentAsync("1.2.840.99.6", Instances);
        }

        release.SetResult();
        await service.WhenReportsDoneAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(log.Contains("could not be delivered"), string.Join("\n", log.Lines));
    }

    [Fact]
    public async Task Malformed_requests_are_refused_with_the_standard_statuses()
    {
        var release = new TaskCompletionSource();
        await using var server = await StartScpAsync(new Decider(request => new StorageCommitmentResult(request.Instances, []), release.Task), new StorageCommitmentOptions());
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)]);
        var sopClass = DicomUid.StorageCommitmentPushModel.Value;
        var instance = DicomUid.StorageCommitmentPushModelInstance.Value;
        var valid = new StorageCommitmentReport("1.2.840.99.7", Instances, []).ToDataSet();

        Assert.Equal(DicomStatus.NoSuchActionType, (await association.NActionAsync(sopClass, instance, 2, valid)).Status);
        Assert.Equal(DicomStatus.NoSuchSopInstance, (await association.NActionAsync(sopClass, "1.2.3", 1, valid)).Status);
        var noTransaction = valid.Clone();
        noTransaction.Remove(DicomTag.TransactionUID);
        Assert.Equal(DicomStatus.MissingAttributeValue, (await association.NActionAsync(sopClass, instance, 1, noTransaction)).Status);
        Assert.Equal(DicomStatus.MissingAttributeValue, (await association.NActionAsync(sopClass, instance, 1, new StorageCommitmentReport("1.2.840.99.8", [], []).ToDataSet())).Status);
        Assert.Equal(DicomStatus.Success, (await association.NActionAsync(sopClass, instance, 1, valid)).Status);
        Assert.Equal(DicomStatus.DuplicateTransactionUid, (await association.NActionAsync(sopClass, instance, 1, valid)).Status);
        release.SetResult();
    }

    [Fact]
    public async Task A_transaction_uid_is_taken_from_the_moment_its_request_arrives()
    {
        var accepting = new TaskCompletionSource();
        var handler = new Decider(request => new StorageCommitmentResult(request.Instances, [])) { Accept = _ => accepting.Task };
        await using var server = await StartScpAsync(handler, new StorageCommitmentOptions());
        var proposal = new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value);
        await using var first = await TestServer.ClientFor(server, log).ConnectAsync([proposal]);
        await using var second = await TestServer.ClientFor(server, log).ConnectAsync([proposal]);

        var accepted = first.RequestStorageCommitmentAsync("1.2.840.99.12", Instances);
        await handler.Accepting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var duplicate = await second.RequestStorageCommitmentAsync("1.2.840.99.12", Instances).WaitAsync(TimeSpan.FromSeconds(10));
        accepting.SetResult();

        Assert.Equal(DicomStatus.DuplicateTransactionUid, duplicate.Status);
        Assert.Equal(DicomStatus.Success, (await accepted.WaitAsync(TimeSpan.FromSeconds(10))).Status);
    }

    [Fact]
    public async Task A_transaction_the_handler_could_not_accept_can_be_requested_again()
    {
        var refuse = true;
        var handler = new Decider(request => new StorageCommitmentResult(request.Instances, []))
        {
            Accept = _ => refuse ? throw new IOException("the disk is full") : Task.CompletedTask,
        };
        await using var server = await StartScpAsync(handler, new StorageCommitmentOptions());
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)]);

        Assert.Equal(DicomStatus.ProcessingFailure, (await association.RequestStorageCommitmentAsync("1.2.840.99.13", Instances)).Status);
        refuse = false;
        Assert.Equal(DicomStatus.Success, (await association.RequestStorageCommitmentAsync("1.2.840.99.13", Instances)).Status);
    }

    [Fact]
    public async Task The_action_is_answered_only_after_the_handler_accepted_the_request()
    {
        var accepting = new TaskCompletionSource();
        var handler = new Decider(request => new StorageCommitmentResult(request.Instances, [])) { Accept = _ => accepting.Task };
        await using var server = await StartScpAsync(handler, new StorageCommitmentOptions());
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)]);

        var action = association.RequestStorageCommitmentAsync("1.2.840.99.9", Instances);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(action.IsCompleted, "the N-ACTION was answered before the handler accepted the request");
        accepting.SetResult();

        Assert.Equal(DicomStatus.Success, (await action).Status);
    }

    [Fact]
    public async Task A_request_the_handler_cannot_accept_is_refused_and_never_decided()
    {
        var handler = new Decider(request => new StorageCommitmentResult(request.Instances, []))
        {
            Accept = request => request.TransactionUid == "1.2.840.99.10"
                ? throw new IOException("the disk is full")
                : throw new DicomServiceException(DicomStatus.OutOfResources, "too many open transactions"),
        };
        await using var server = await StartScpAsync(handler, new StorageCommitmentOptions());
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)]);

        Assert.Equal(DicomStatus.ProcessingFailure, (await association.RequestStorageCommitmentAsync("1.2.840.99.10", Instances)).Status);
        Assert.Equal(DicomStatus.OutOfResources, (await association.RequestStorageCommitmentAsync("1.2.840.99.11", Instances)).Status);
        Assert.Empty(handler.Requests);
        Assert.True(log.Contains("the disk is full"), string.Join("\n", log.Lines));
    }

    /// <summary>
    /// Our SCP with <paramref name="handler"/>, and the modality's side: a listener that receives reports (the SCU of
    /// storage commitment, accepting the SCP role for the requestor), configured as MODALITY1's address.
    /// </summary>
    private async Task<ScpWithModality> WithModalityAsync(Decider handler)
    {
        var received = new ReportInbox();
        var modality = await TestServer.StartAsync(new DicomServiceRegistry().AddStorageCommitmentReports(received), log, o => o.AeTitle = "MODALITY1");
        var options = new StorageCommitmentOptions
        {
            LocalAeTitle = TestServer.AeTitle,
            Requesters = { ["MODALITY1"] = new DicomRemoteAe("MODALITY1", "127.0.0.1", modality.LocalEndPoint.Port) },
        };
        var service = new StorageCommitmentService(handler, options, log);
        return new ScpWithModality(modality, received, service, await TestServer.StartAsync(new DicomServiceRegistry().AddStorageCommitment(service), log));
    }

    private async Task<DicomServer> StartScpAsync(IStorageCommitmentHandler handler, StorageCommitmentOptions options) =>
        await TestServer.StartAsync(new DicomServiceRegistry().AddStorageCommitment(new StorageCommitmentService(handler, options, log)), log);

    /// <summary>Decides with a function, optionally only once a gate opens (the cloud answering later); records what the hooks heard.</summary>
    private sealed class Decider(Func<StorageCommitmentRequest, StorageCommitmentResult> decide, Task? gate = null, Func<string, Task?>? gateFor = null)
        : IStorageCommitmentHandler
    {
        public ConcurrentQueue<StorageCommitmentRequest> Requests { get; } = new();

        public Func<StorageCommitmentRequest, Task>? Accept { get; init; }

        /// <summary>Whether <see cref="TakeOverReportAsync"/> takes the report (the edge agent's way) or leaves it to the service.</summary>
        public bool TakesOver { get; init; }

        public TaskCompletionSource Accepting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ConcurrentDictionary<string, TaskCompletionSource<StorageCommitmentReport>> Delivered { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource<(StorageCommitmentReport Report, string Reason)> TakenOver { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask AcceptAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
        {
            Accepting.TrySetResult();
            if (Accept is not null)
            {
                await Accept(request);
            }
        }

        public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            if ((gate ?? gateFor?.Invoke(request.TransactionUid)) is { } wait)
            {
                await wait.WaitAsync(cancellationToken);
            }

            return decide(request);
        }

        /// <summary>The report of a transaction once the service says the requester took it.</summary>
        public Task<StorageCommitmentReport> DeliveredAsync(string transactionUid) => Slot(transactionUid).Task;

        public ValueTask ReportDeliveredAsync(StorageCommitmentRequest request, StorageCommitmentReport report, CancellationToken cancellationToken)
        {
            Slot(report.TransactionUid).TrySetResult(report);
            return ValueTask.CompletedTask;
        }

        private TaskCompletionSource<StorageCommitmentReport> Slot(string transactionUid) =>
            Delivered.GetOrAdd(transactionUid, _ => new TaskCompletionSource<StorageCommitmentReport>(TaskCreationOptions.RunContinuationsAsynchronously));

        public ValueTask<bool> TakeOverReportAsync(StorageCommitmentRequest request, StorageCommitmentReport report, string reason, CancellationToken cancellationToken)
        {
            TakenOver.TrySetResult((report, reason));
            return ValueTask.FromResult(TakesOver);
        }
    }

    private sealed record ScpWithModality(DicomServer Modality, ReportInbox Received, StorageCommitmentService Service, DicomServer Server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Modality.DisposeAsync();
        }
    }

    private sealed class ReportInbox : IStorageCommitmentReportHandler
    {
        public ConcurrentQueue<(StorageCommitmentReport, DicomAssociationInfo)> Reports { get; } = new();

        public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentReport report, DicomAssociationInfo association, CancellationToken cancellationToken)
        {
            Reports.Enqueue((report, association));
            return ValueTask.FromResult(DicomStatus.Success);
        }
    }

    private static async Task WhenClosedAsync(DicomServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.OpenConnections > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not close the association within 20 s");
            await Task.Delay(20);
        }
    }
}
