using System.Collections.Concurrent;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>
/// Storage Commitment Push Model SCP (PS3.4 annex J): checks the N-ACTION (well-known instance, action type 1,
/// transaction UID, referenced instances), lets the handler accept it (record it durably), answers it, then asks the <see cref="IStorageCommitmentHandler"/>
/// which instances are safely stored and sends the N-EVENT-REPORT: on the same association when it is still open, else
/// on a new association to the requester's configured address (proposing the SCP role for this side, PS3.4 J.3.3).
/// </summary>
public sealed class StorageCommitmentService
{
    private readonly IStorageCommitmentHandler handler;
    private readonly StorageCommitmentOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, Task> reports = new(StringComparer.Ordinal);

    public StorageCommitmentService(IStorageCommitmentHandler handler, StorageCommitmentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        this.handler = handler;
        this.options = options;
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = this.loggerFactory.CreateLogger<StorageCommitmentService>();
        time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Transactions whose report is still being decided or delivered.</summary>
    public int PendingReports => reports.Count;

    /// <summary>Completes when every report started so far has been delivered or given up (tests, shutdown).</summary>
    public Task WhenReportsDoneAsync() => Task.WhenAll(reports.Values);

    internal async Task HandleActionAsync(DimseIncomingRequest request)
    {
        var message = request.Message;
        if (message.SopInstanceUid != DicomUid.StorageCommitmentPushModelInstance.Value)
        {
            throw new DicomServiceException(DicomStatus.NoSuchSopInstance, $"The SOP instance of storage commitment is {DicomUid.StorageCommitmentPushModelInstance.Value}.");
        }

        var actionType = message.Command.GetNumber<ushort>(DicomTag.ActionTypeID);
        if (actionType != 1)
        {
            throw new DicomServiceException(DicomStatus.NoSuchActionType, $"Action type {actionType} is not a storage commitment request (1).");
        }

        var information = message.DataSet ?? new DicomDataset();
        var transactionUid = information.GetString(DicomTag.TransactionUID);
        if (string.IsNullOrEmpty(transactionUid))
        {
            throw new DicomServiceException(DicomStatus.MissingAttributeValue, "Transaction UID (0008,1195) is missing.") { OffendingElements = [DicomTag.TransactionUID] };
        }

        var instances = StorageCommitmentReport.References(information, DicomTag.ReferencedSOPSequence).Select(pair => pair.Reference).ToArray();
        if (instances.Length == 0 || instances.Any(i => i.SopClassUid.Length == 0 || i.SopInstanceUid.Length == 0))
        {
            throw new DicomServiceException(DicomStatus.MissingAttributeValue, "Referenced SOP Sequence (0008,1199) needs items with class and instance UIDs.") { OffendingElements = [DicomTag.ReferencedSOPSequence] };
        }

        if (reports.ContainsKey(transactionUid))
        {
            throw new DicomServiceException(DicomStatus.DuplicateTransactionUid, $"Transaction {transactionUid} is already being processed.");
        }

        var commitment = new StorageCommitmentRequest(request.Association, transactionUid, instances);
        StorageCommitmentLog.Requested(logger, request.Association.AssociationId, transactionUid, instances.Length, request.Association.CallingAeTitle);
        await handler.AcceptAsync(commitment, request.CancellationToken).ConfigureAwait(false);
        await request.RespondAsync(DicomStatus.Success).ConfigureAwait(false);
        var report = Task.Run(() => DecideAndReportAsync(commitment, request.Session, request.Message.PresentationContextId));
        reports[transactionUid] = report;
        _ = report.ContinueWith(_ => reports.TryRemove(transactionUid, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task DecideAndReportAsync(StorageCommitmentRequest request, DimseSession session, byte contextId)
    {
        var report = await DecideAsync(request).ConfigureAwait(false);
        var requester = request.Association.CallingAeTitle;
        if (session.IsEstablished && await TrySameAssociationAsync(session, contextId, report).ConfigureAwait(false))
        {
            StorageCommitmentLog.Reported(logger, report.TransactionUid, report.Committed.Count, report.Failed.Count, requester, "the same association");
            return;
        }

        if (!options.Requesters.TryGetValue(requester, out var destination))
        {
            StorageCommitmentLog.Undeliverable(logger, report.TransactionUid, requester, "the association is closed and no address is configured for this AE title");
            return;
        }

        for (var attempt = 1; attempt <= Math.Max(1, options.DeliveryAttempts); attempt++)
        {
            try
            {
                await SendOnNewAssociationAsync(destination, report).ConfigureAwait(false);
                StorageCommitmentLog.Reported(logger, report.TransactionUid, report.Committed.Count, report.Failed.Count, requester, $"a new association to {destination.Host}:{destination.Port}");
                return;
            }
            catch (Exception ex) when (ex is DicomNetworkException or IOException or System.Net.Sockets.SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                StorageCommitmentLog.DeliveryFailed(logger, report.TransactionUid, requester, attempt, ex.Message);
                if (attempt < options.DeliveryAttempts)
                {
                    await Task.Delay(options.DeliveryRetryDelay, time).ConfigureAwait(false);
                }
            }
        }

        StorageCommitmentLog.Undeliverable(logger, report.TransactionUid, requester, $"{options.DeliveryAttempts} attempts failed");
    }

    private async Task<StorageCommitmentReport> DecideAsync(StorageCommitmentRequest request)
    {
        StorageCommitmentResult result;
        try
        {
            using var timeout = new CancellationTokenSource(options.DecisionTimeout, time);
            result = await handler.CommitAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            StorageCommitmentLog.HandlerFailed(logger, ex, request.TransactionUid);
            result = new StorageCommitmentResult([], []);
        }

        // Every requested instance is reported exactly once; what the handler did not decide on failed.
        var committed = result.Committed.Where(request.Instances.Contains).Distinct().ToList();
        var failed = result.Failed.Where(f => request.Instances.Contains(f.Instance) && !committed.Contains(f.Instance)).DistinctBy(f => f.Instance).ToList();
        failed.AddRange(request.Instances.Where(i => !committed.Contains(i) && failed.All(f => f.Instance != i))
            .Select(i => new StorageCommitmentFailure(i, StorageCommitmentFailureReason.ProcessingFailure)));
        return new StorageCommitmentReport(request.TransactionUid, committed, failed);
    }

    private static async Task<bool> TrySameAssociationAsync(DimseSession session, byte contextId, StorageCommitmentReport report)
    {
        try
        {
            var context = session.Info.PresentationContexts.First(c => c.Id == contextId);
            var request = await session.SendRequestAsync(
                context,
                DimseCommandField.NEventReportRequest,
                DicomUid.StorageCommitmentPushModel.Value,
                DicomUid.StorageCommitmentPushModelInstance.Value,
                report.ToDataSet(),
                null,
                command => command.SetNumber(DicomTag.EventTypeID, report.EventTypeId),
                session.Lifetime).ConfigureAwait(false);
            try
            {
                var response = await request.Responses.ReadAsync(session.Lifetime).ConfigureAwait(false);
                return response.Status.IsSuccessOrWarning;
            }
            finally
            {
                session.Forget(request);
            }
        }
        catch (Exception ex) when (ex is DicomNetworkException or OperationCanceledException or InvalidOperationException or System.Threading.Channels.ChannelClosedException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task SendOnNewAssociationAsync(DicomRemoteAe destination, StorageCommitmentReport report)
    {
        var client = new DicomClient(
            new DicomClientOptions
            {
                Host = destination.Host,
                Port = destination.Port,
                CalledAeTitle = destination.AeTitle,
                CallingAeTitle = options.LocalAeTitle,
                Tls = destination.UseTls ? options.Tls ?? new DicomClientTlsOptions() : null,
            },
            loggerFactory,
            time);
        var proposal = new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value) { ScuRole = false, ScpRole = true };
        var association = await client.ConnectAsync([proposal]).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var response = await association.NEventReportAsync(DicomUid.StorageCommitmentPushModel.Value, DicomUid.StorageCommitmentPushModelInstance.Value, report.EventTypeId, report.ToDataSet()).ConfigureAwait(false);
            if (!response.Status.IsSuccessOrWarning)
            {
                throw new DicomNetworkException($"{destination.AeTitle} answered the report with {response.Status}.");
            }

            await association.ReleaseAsync().ConfigureAwait(false);
        }
    }
}
