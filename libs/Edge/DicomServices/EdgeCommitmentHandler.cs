using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// Decides a Storage Commitment by asking the cloud: the request is committed locally with its
/// <c>dicom.commitment-requested</c> outbox message before the N-ACTION is answered, then the decision waits for the cloud's <c>dicom.commitment-result</c>
/// (the cloud answers only once every instance is stored and indexed, or failed). Only that answer becomes the
/// N-EVENT-REPORT; an instance that is merely in the local spool is never reported as committed.
/// </summary>
public sealed class EdgeCommitmentHandler(
    CommitmentStore store,
    CommitmentWaiters waiters,
    EdgeMessages messages,
    ModalityGate gate,
    DicomListenerOptions options,
    EdgeCounters counters,
    TimeProvider time,
    ILogger<EdgeCommitmentHandler> logger) : IStorageCommitmentHandler
{
    /// <summary>Commits the request with its outbox message before the N-ACTION is answered: a success means remembered.</summary>
    public async ValueTask AcceptAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var calling = request.Association.CallingAeTitle.Trim();
        gate.Check(request.Association);
        var uid = request.TransactionUid;
        var body = new CommitmentRequest
        {
            TransactionUid = uid,
            RequestingAeTitle = calling,
            Instances = request.Instances.Select(i => new SopInstanceReference(i.SopClassUid, i.SopInstanceUid)).ToList(),
            RequestedAt = time.GetUtcNow(),
        };

        await store.AddRequestAsync(body, messages.Json(BusMessageKinds.DicomCommitmentRequested, body, patientId: null, correlationId: uid),
            CancellationToken.None).ConfigureAwait(false);
        counters.Increment(EdgeCounters.CommitmentRequests);
        EdgeLog.CommitmentRecorded(logger, uid, calling, body.Instances.Count);
    }

    public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var calling = request.Association.CallingAeTitle.Trim();
        var uid = request.TransactionUid;

        // Registered before looking at the store: the result handler stores, then signals, so an answer that arrived
        // since the request was accepted is either in the store or reaches this waiter.
        var answer = waiters.WaitAsync(uid, cancellationToken);
        try
        {
            CommitmentResult result;
            try
            {
                result = await store.GetResultAsync(uid, cancellationToken).ConfigureAwait(false)
                         ?? await answer.WaitAsync(options.CommitmentTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                EdgeLog.CommitmentTimedOut(logger, uid, options.CommitmentTimeout);
                await store.MarkReportedAsync(uid, delivered: false, $"no answer from the cloud within {options.CommitmentTimeout}", CancellationToken.None)
                    .ConfigureAwait(false);
                return new StorageCommitmentResult([], request.Instances
                    .Select(i => new StorageCommitmentFailure(i, StorageCommitmentFailureReason.ProcessingFailure)).ToList());
            }

            EdgeLog.CommitmentAnswered(logger, uid, result.Committed.Count, result.Failed.Count, calling);
            counters.Increment(EdgeCounters.CommitmentReports);

            // "Reported" here means handed to the storage commitment SCP, which sends the N-EVENT-REPORT and logs its delivery.
            await store.MarkReportedAsync(uid, delivered: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return new StorageCommitmentResult(
                result.Committed.Select(c => new DicomSopReference(c.SopClassUid, c.SopInstanceUid)).ToList(),
                result.Failed.Select(f => new StorageCommitmentFailure(new DicomSopReference(f.SopClassUid, f.SopInstanceUid), f.FailureReason)).ToList());
        }
        finally
        {
            waiters.Forget(uid);
        }
    }
}
