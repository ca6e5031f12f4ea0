using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom.Network.Dimse;
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
/// <c>dicom.commitment-requested</c> outbox message before the N-ACTION is answered, then the decision waits for the
/// cloud's <c>dicom.commitment-result</c> (the cloud answers only once every instance is stored and indexed, or failed).
/// The outbox message is held until the instances it names have left the spool (<see cref="CommitmentWaits"/>), so the
/// cloud's wait starts when they can be there; <see cref="DicomListenerOptions.CommitmentTimeout"/> bounds the whole.
/// Only that answer becomes the N-EVENT-REPORT; an instance that is merely in the local spool is never reported as
/// committed. The report goes on the requesting association while it is open; otherwise the library hands it over and
/// <see cref="CommitmentReportDelivery"/> delivers it durably on a new association. The transaction is claimed
/// (<see cref="CommitmentClaims"/>) from the N-ACTION until the library says how its report ended.
/// </summary>
public sealed class EdgeCommitmentHandler(
    CommitmentStore store,
    CommitmentClaims claims,
    EdgeMessages messages,
    DicomListenerOptions options,
    EdgeCounters counters,
    TimeProvider time,
    ILogger<EdgeCommitmentHandler> logger) : IStorageCommitmentHandler
{
    /// <summary>Commits the request with its outbox message before the N-ACTION is answered: a success means remembered.</summary>
    public async ValueTask AcceptAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = request.TransactionUid;
        if (!claims.TryClaim(uid))
        {
            throw new DicomServiceException(DicomStatus.DuplicateTransactionUid, $"The report of transaction {uid} is being delivered right now.");
        }

        try
        {
            var body = new CommitmentRequest
            {
                TransactionUid = uid,
                RequestingAeTitle = request.Association.CallingAeTitle.Trim(),
                Instances = request.Instances.Select(i => new SopInstanceReference(i.SopClassUid, i.SopInstanceUid)).ToList(),
                RequestedAt = time.GetUtcNow(),
            };

            if (await store.AddRequestAsync(body, messages.Json(BusMessageKinds.DicomCommitmentRequested, body, patientId: null, correlationId: uid),
                    CancellationToken.None).ConfigureAwait(false))
            {
                counters.Increment(EdgeCounters.CommitmentRequests);
                EdgeLog.CommitmentRecorded(logger, uid, body.RequestingAeTitle, body.Instances.Count);
            }
            else
            {
                // A modality asking again: the transaction keeps its first request, and its report tells what the agent knows.
                EdgeLog.CommitmentAskedAgain(logger, uid, body.RequestingAeTitle);
            }
        }
        catch
        {
            claims.Release(uid);
            throw;
        }
    }

    public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = request.TransactionUid;

        // The claim was taken before the request was stored, and the result handler stores before it completes the claim,
        // so an answer that arrived since is either in the store or reaches this wait.
        var answer = claims.WaitAsync(uid, cancellationToken);
        CommitmentResult result;
        try
        {
            result = await store.GetResultAsync(uid, cancellationToken).ConfigureAwait(false)
                     ?? await answer.WaitAsync(options.CommitmentTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            EdgeLog.CommitmentTimedOut(logger, uid, options.CommitmentTimeout);
            var recorded = new CommitmentRequest
            {
                TransactionUid = uid,
                RequestingAeTitle = request.Association.CallingAeTitle.Trim(),
                Instances = request.Instances.Select(i => new SopInstanceReference(i.SopClassUid, i.SopInstanceUid)).ToList(),
            };
            var timedOut = CommitmentResults.TimedOut(recorded, options.CommitmentTimeout);
            await store.RecordResultAsync(timedOut, CancellationToken.None).ConfigureAwait(false);

            // An answer that came in at the last moment was recorded first and wins.
            result = await store.GetResultAsync(uid, CancellationToken.None).ConfigureAwait(false) ?? timedOut;
        }

        EdgeLog.CommitmentAnswered(logger, uid, result.Committed.Count, result.Failed.Count, request.Association.CallingAeTitle.Trim());
        return CommitmentResults.ToDicom(result);
    }

    /// <summary>The modality took the report on its association: the transaction is done.</summary>
    public async ValueTask ReportDeliveredAsync(StorageCommitmentRequest request, StorageCommitmentReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            await store.MarkDeliveredAsync(request.TransactionUid, CancellationToken.None).ConfigureAwait(false);
            counters.Increment(EdgeCounters.CommitmentReports);
        }
        finally
        {
            claims.Release(request.TransactionUid);
        }
    }

    /// <summary>The requesting association is gone (or refused the report): the durable re-delivery pass takes it.</summary>
    public ValueTask<bool> TakeOverReportAsync(StorageCommitmentRequest request, StorageCommitmentReport report, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EdgeLog.CommitmentHandedOver(logger, request.TransactionUid, request.Association.CallingAeTitle.Trim(), reason);
        claims.Release(request.TransactionUid, reportDue: true);
        return ValueTask.FromResult(true);
    }
}
