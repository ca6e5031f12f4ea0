using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// Routes each request to the handler registered for its presentation context's SOP class and turns the outcome into
/// the response: a returned status, a <see cref="DicomServiceException"/> (failure with Error Comment), a cancellation
/// (C-FIND: Cancel) or an unexpected exception (processing failure, logged).
/// </summary>
internal sealed class DicomServiceDispatcher(DicomServiceRegistry registry, ILogger logger) : IDimseRequestHandler
{
    private const int MaxErrorCommentLength = 64;

    public async Task HandleAsync(DimseIncomingRequest request)
    {
        var message = request.Message;
        var context = request.Association.PresentationContexts.First(c => c.Id == message.PresentationContextId);
        var registration = registry.Find(context.AbstractSyntax);
        if (registration is null || (message.SopClassUid is { } sopClass && sopClass != context.AbstractSyntax))
        {
            await RefuseAsync(request, DicomStatus.SopClassNotSupported, $"SOP class {message.SopClassUid} is not served on presentation context {context.Id} ({context.AbstractSyntax})").ConfigureAwait(false);
            return;
        }

        if (message.CommandField == DimseCommandField.CStoreRequest && request.DataSetStream is null)
        {
            await RefuseAsync(request, DicomStatus.CannotUnderstand, "C-STORE without a data set").ConfigureAwait(false);
            return;
        }

        if (request.DataSetError is { } error)
        {
            var status = message.CommandField == DimseCommandField.CFindRequest ? DicomStatus.CannotUnderstand : DicomStatus.ProcessingFailure;
            await RefuseAsync(request, status, $"the data set cannot be read: {error}").ConfigureAwait(false);
            return;
        }

        try
        {
            await DispatchAsync(request, registration).ConfigureAwait(false);
        }
        catch (DicomServiceException ex)
        {
            await RefuseAsync(request, ex.Status, ex.Message, ex.ErrorId, ex.OffendingElements).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not DicomNetworkException && !(ex is OperationCanceledException or ObjectDisposedException && request.Session.Lifetime.IsCancellationRequested))
        {
            // A cancellation or disposal inside the handler while the association lives on (an HTTP client's timeout,
            // say) is a failure like any other: the requestor gets a status instead of waiting for one that never comes.
            ServiceLog.HandlerFailed(logger, ex, request.Association.AssociationId, message);
            await request.RespondAsync(DicomStatus.ProcessingFailure, completeCommand: command => AddError(command, ex.Message, null, [])).ConfigureAwait(false);
        }
    }

    /// <summary>Error Comment is LO in the default repertoire: at most 64 characters, no backslash.</summary>
    internal static void AddError(DicomDataset command, string comment, ushort? errorId, IReadOnlyList<DicomTag> offending)
    {
        var clean = new string(comment.Where(c => c is >= ' ' and <= '~' && c != '\\').ToArray()).Trim();
        if (clean.Length > MaxErrorCommentLength)
        {
            clean = clean[..MaxErrorCommentLength].TrimEnd();
        }

        if (clean.Length > 0)
        {
            command.SetString(DicomTag.ErrorComment, clean);
        }

        if (errorId is { } id)
        {
            command.SetNumber(DicomTag.ErrorID, id);
        }

        if (offending.Count > 0)
        {
            command.SetTags(DicomTag.OffendingElement, [.. offending]);
        }
    }

    private async Task DispatchAsync(DimseIncomingRequest request, DicomServiceRegistration registration)
    {
        var message = request.Message;
        var info = request.Association;
        var token = request.CancellationToken;
        switch (message.CommandField)
        {
            case DimseCommandField.CEchoRequest when registration.Verification is { } verification:
                await AnswerAsync(request, await verification.EchoAsync(new DicomEchoRequest(info), token).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case DimseCommandField.CFindRequest when registration.Find is { } find:
                await FindAsync(request, find).ConfigureAwait(false);
                break;
            case DimseCommandField.CStoreRequest when registration.Store is { } store:
                var storeRequest = new DicomStoreRequest(info, message.SopClassUid ?? string.Empty, message.SopInstanceUid ?? string.Empty, request.TransferSyntax, request.DataSetStream!)
                {
                    Priority = message.Command.GetNumber<ushort>(DicomTag.Priority) ?? 0,
                    MoveOriginatorAeTitle = message.Command.GetString(DicomTag.MoveOriginatorApplicationEntityTitle),
                    MoveOriginatorMessageId = message.Command.GetNumber<ushort>(DicomTag.MoveOriginatorMessageID),
                };
                await AnswerAsync(request, await store.StoreAsync(storeRequest, token).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case DimseCommandField.NCreateRequest when registration.Mpps is { } mpps:
                await AnswerAsync(request, await mpps.CreateAsync(NRequest(request), token).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case DimseCommandField.NSetRequest when registration.Mpps is { } mpps:
                await AnswerAsync(request, await mpps.SetAsync(NRequest(request), token).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case DimseCommandField.NActionRequest when registration.Commitment is { } commitment:
                await commitment.HandleActionAsync(request).ConfigureAwait(false);
                break;
            case DimseCommandField.NEventReportRequest when registration.CommitmentReports is { } reports:
                var report = StorageCommitmentReport.FromDataSet(message.DataSet ?? new DicomDataset());
                var status = await reports.OnReportAsync(report, info, token).ConfigureAwait(false);
                var eventType = message.Command.GetNumber<ushort>(DicomTag.EventTypeID);
                await request.RespondAsync(status, completeCommand: command =>
                {
                    if (eventType is { } type)
                    {
                        command.SetNumber(DicomTag.EventTypeID, type);
                    }
                }).ConfigureAwait(false);
                break;
            default:
                await RefuseAsync(request, DicomStatus.UnrecognizedOperation, $"{message.Descriptor?.Name ?? message.CommandField.ToString()} is not supported for {registration.SopClassUid}").ConfigureAwait(false);
                break;
        }
    }

    private static DicomNRequest NRequest(DimseIncomingRequest request)
    {
        var message = request.Message;
        return new DicomNRequest(request.Association, message.CommandField, message.SopClassUid ?? string.Empty, message.SopInstanceUid, message.DataSet)
        {
            TypeId = message.Command.GetNumber<ushort>(DicomTag.ActionTypeID) ?? message.Command.GetNumber<ushort>(DicomTag.EventTypeID),
        };
    }

    private async Task FindAsync(DimseIncomingRequest request, ICFindHandler handler)
    {
        var message = request.Message;
        var find = new DicomFindRequest(request.Association, message.SopClassUid ?? string.Empty, message.DataSet ?? new DicomDataset())
        {
            Priority = message.Command.GetNumber<ushort>(DicomTag.Priority) ?? 0,
        };
        var token = request.CancellationToken;
        var final = DicomStatus.Success;
        var sent = 0;
        try
        {
            // Each pending response is sent once the handler has been asked for the next: when that one is already
            // there, the two share a socket write (a burst); when the handler has to wait, what was sent goes out now.
            var responses = handler.FindAsync(find, token).GetAsyncEnumerator(token);
            await using (responses.ConfigureAwait(false))
            {
                DicomFindResponse? held = null;
                while (true)
                {
                    var next = responses.MoveNextAsync();
                    if (held is not null)
                    {
                        await request.RespondAsync(held.Status, held.Identifier, moreFollow: next.IsCompletedSuccessfully).ConfigureAwait(false);
                        sent++;
                    }

                    if (!await next.ConfigureAwait(false))
                    {
                        break;
                    }

                    held = responses.Current;
                    if (!held.Status.IsPending)
                    {
                        final = held.Status;
                        break;
                    }
                }
            }

            token.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !request.Session.Lifetime.IsCancellationRequested)
        {
            ServiceLog.FindCancelled(logger, request.Association.AssociationId, message, sent);
            final = DicomStatus.Cancel;
        }

        await AnswerAsync(request, final).ConfigureAwait(false);
    }

    private async Task AnswerAsync(DimseIncomingRequest request, DicomStatus status)
    {
        ServiceLog.Answered(logger, request.Association.AssociationId, request.Message, status);
        await request.RespondAsync(status).ConfigureAwait(false);
    }

    private async Task AnswerAsync(DimseIncomingRequest request, DicomNResponse response)
    {
        ServiceLog.Answered(logger, request.Association.AssociationId, request.Message, response.Status);
        await request.RespondAsync(
            response.Status,
            response.DataSet,
            command =>
            {
                if (response.ErrorComment is not null || response.ErrorId is not null)
                {
                    AddError(command, response.ErrorComment ?? string.Empty, response.ErrorId, []);
                }
            },
            response.SopInstanceUid).ConfigureAwait(false);
    }

    private async Task RefuseAsync(DimseIncomingRequest request, DicomStatus status, string reason, ushort? errorId = null, IReadOnlyList<DicomTag>? offending = null)
    {
        ServiceLog.Refused(logger, request.Association.AssociationId, request.Message, status, reason);
        await request.RespondAsync(status, completeCommand: command => AddError(command, reason, errorId, offending ?? [])).ConfigureAwait(false);
    }
}
