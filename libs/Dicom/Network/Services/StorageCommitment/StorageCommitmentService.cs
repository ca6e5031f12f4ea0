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
/// the handler may take the report over (<see cref="IStorageCommitmentHandler.TakeOverReportAsync"/>), else it goes on a
/// new association to the requester's configured address (proposing the SCP role for this side, PS3.4 J.3.3). The
/// handler hears of each delivered report (<see cref="IStorageCommitmentHandler.ReportDeliveredAsync"/>).
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

        // Reserved before the handler and the response: a second request with the same UID (on another association, or
        // sent the moment the first one's response arrived) must see the first, whatever the handlers' interleaving.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!reports.TryAdd(transactionUid, done.Task))
        {
            throw new DicomServiceException(DicomStatus.DuplicateTransactionUid, $"Transaction {transactionUid} is already being processed.");
        }

        var commitment = new StorageCommitmentRequest(request.Association, transactionUid, instances);
        StorageCommitmentLog.Requested(logger, request.Association.AssociationId, transactionUid, instances.Length, request.Association.CallingAeTitle);
        try
        {
            await handler.AcceptAsync(commitment, request.CancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(transactionUid, done);
            throw;
        }

        try
        {
            await request.RespondAsync(DicomStatus.Success).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsAssociationGone(ex))
        {
            // The handler has accepted (remembered) the request, so its report still follows, on a new association.
            StorageCommitmentLog.ActionResponseLost(logger, transactionUid, ex.Message);
        }

        _ = Task.Run(() => DecideAndReportAsync(commitment, request.Session, request.Message.PresentationContextId))
            .ContinueWith(
                reporting =>
                {
                    if (reporting.Exception is { } failure)
                    {
                        StorageCommitmentLog.ReportingFailed(logger, failure.GetBaseException(), transactionUid, commitment.Association.CallingAeTitle);
                    }

                    Release(transactionUid, done);
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
    }

    private void Release(string transactionUid, TaskCompletionSource done)
    {
        reports.TryRemove(new KeyValuePair<string, Task>(transactionUid, done.Task));
        done.TrySetResult();
    }

    private async Task DecideAndReportAsync(StorageCommitmentRequest request, DimseSession session, byte contextId)
    {
        var report = await DecideAsync(request).ConfigureAwait(false);
        var requester = request.Association.CallingAeTitle;
        var wasOpen = session.IsEstablished;
        if (wasOpen && await TrySameAssociationAsync(session, contextId, report).ConfigureAwait(false))
        {
            StorageCommitmentLog.Reported(logger, report.TransactionUid, report.Committed.Count, report.Failed.Count, requester, "the same association");
            await DeliveredAsync(request, report).ConfigureAwait(false);
            return;
        }

        var why = wasOpen ? "the requester did not take the report on its association" : "the requesting association has closed";
        if (await TakenOverAsync(request, report, why).ConfigureAwait(false))
        {
            StorageCommitmentLog.TakenOver(logger, report.TransactionUid, requester, why);
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
                await DeliveredAsync(request, report).ConfigureAwait(false);
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

        return StorageCommitmentReport.Of(request.TransactionUid, request.Instances, result);
    }

    private static bool IsAssociationGone(Exception ex) =>
        ex is DicomNetworkException or OperationCanceledException or InvalidOperationException or System.Threading.Channels.ChannelClosedException or ObjectDisposedException;

    private async Task DeliveredAsync(StorageCommitmentRequest request, StorageCommitmentReport report)
    {
        try
        {
            await handler.ReportDeliveredAsync(request, report, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The handler's bookkeeping failing must not end the report task unobserved; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            StorageCommitmentLog.HookFailed(logger, ex, request.TransactionUid, nameof(IStorageCommitmentHandler.ReportDeliveredAsync));
        }
    }

    private async Task<bool> TakenOverAsync(StorageCommitmentRequest request, StorageCommitmentReport report, string why)
    {
        try
        {
            return await handler.TakeOverReportAsync(request, report, why, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A handler that fails to take the report over leaves it to the service's own delivery.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            StorageCommitmentLog.HookFailed(logger, ex, request.TransactionUid, nameof(IStorageCommitmentHandler.TakeOverReportAsync));
            return false;
        }
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
                DimseMessage response;
                try
                {
                    response = await request.Responses.ReadAsync(session.Lifetime).ConfigureAwait(false);
                }
                catch (Exception ex) when ((ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException) && request.Responses.TryRead(out var answered))
                {
                    // The requester answered and released at once, before this read began: the answer counts.
                    response = answered;
                }

                return response.Status.IsSuccessOrWarning;
            }
            finally
            {
                session.Forget(request);
            }
        }
        catch (Exception ex) when (IsAssociationGone(ex))
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
        var response = await client.SendStorageCommitmentReportAsync(report).ConfigureAwait(false);
        if (!response.Status.IsSuccessOrWarning)
        {
            throw new DicomNetworkException($"{destination.AeTitle} answered the report with {response.Status}.");
        }
    }
}
