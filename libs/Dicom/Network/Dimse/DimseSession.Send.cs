using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Dimse;

internal sealed partial class DimseSession
{
    /// <summary>Sends a request and returns what collects its responses.</summary>
    public async Task<DimseOutgoingRequest> SendRequestAsync(
        DicomPresentationContext context, DimseCommandField field, string sopClassUid, string? sopInstanceUid,
        DicomDataset? dataSet, Stream? dataSetStream, Action<DicomDataset>? completeCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = NextMessageId();
        var command = DimseCommand.Request(field, messageId, sopClassUid, sopInstanceUid, hasDataSet: dataSet is not null || dataSetStream is not null);
        completeCommand?.Invoke(command);
        var request = new DimseOutgoingRequest(messageId, context.Id);
        outgoing[messageId] = request;
        try
        {
            await TakeOwnSlotAsync(request, field, cancellationToken).ConfigureAwait(false);
            await SendMessageAsync(new DimseMessage(command, context.Id, dataSet), dataSetStream, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            outgoing.TryRemove(messageId, out _);
            GiveOwnSlotBack(request);
            throw;
        }

        return request;
    }

    /// <summary>Sends C-CANCEL-RQ for an outstanding C-FIND (or C-GET/C-MOVE) request.</summary>
    public Task SendCancelAsync(DimseOutgoingRequest request)
    {
        var command = DimseCommand.Request(DimseCommandField.CCancelRequest, request.MessageId, string.Empty);
        return SendMessageAsync(new DimseMessage(command, request.PresentationContextId), null, CancellationToken.None);
    }

    /// <summary>
    /// Stops waiting for a request's responses (after a cancel, late ones are dropped). One still outstanding stays
    /// known until its final response comes, because until then it keeps its place in the window.
    /// </summary>
    public void Forget(DimseOutgoingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HoldsSlot)
        {
            outgoing.TryRemove(request.MessageId, out _);
        }

        request.Abandon();
    }

    /// <summary>Answers a request; with <paramref name="moreFollow"/> the response may wait in the send buffer for the next.</summary>
    internal async Task RespondAsync(DimseIncomingRequest request, DicomStatus status, DicomDataset? dataSet, Action<DicomDataset>? completeCommand, string? sopInstanceUid, bool moreFollow)
    {
        if (request.DataSetStream is not null && request.DataSetComplete is not null)
        {
            // Whatever the handler did not read is received and dropped before the response goes out.
            await request.DataSetStream.DisposeAsync().ConfigureAwait(false);
            await request.DataSetComplete.WaitAsync(lifetime.Token).ConfigureAwait(false);
        }

        var command = DimseCommand.Response(request.Message, status, dataSet is not null, sopInstanceUid);
        completeCommand?.Invoke(command);
        if (!status.IsPending)
        {
            EndPeerOperation(request);
        }

        await SendMessageAsync(new DimseMessage(command, request.Message.PresentationContextId, dataSet), null, CancellationToken.None, mayDeferFlush: moreFollow).ConfigureAwait(false);
    }

    /// <summary>Sends one whole message; messages never interleave, so a second caller waits for the first.</summary>
    private async Task SendMessageAsync(DimseMessage message, Stream? dataSetStream, CancellationToken cancellationToken, bool mayDeferFlush = false)
    {
        var context = contexts.GetValueOrDefault(message.PresentationContextId)
            ?? throw new InvalidOperationException($"Presentation context {message.PresentationContextId} was not accepted on association {Id}.");
        var commandBytes = DicomDatasetWriter.Encode(message.Command, DicomTransferSyntax.ImplicitVRLittleEndian);
        var dataBytes = message.DataSet is null ? ReadOnlyMemory<byte>.Empty : DicomDatasetWriter.Encode(message.DataSet, context.TransferSyntax);
        var maxFragment = DimseFragmenter.MaxFragmentLength(Info.PeerMaxPduLength, options.MaxSendPduLength);
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (dataSetStream is null)
            {
                await DimseFragmenter.SendAsync(context.Id, commandBytes, dataBytes, maxFragment, pdu => Loop.SendAsync(pdu, mayDeferFlush)).ConfigureAwait(false);
            }
            else
            {
                await DimseFragmenter.SendBytesAsync(context.Id, isCommand: true, commandBytes, maxFragment, pdu => Loop.SendAsync(pdu)).ConfigureAwait(false);
                try
                {
                    await DimseFragmenter.SendStreamAsync(context.Id, dataSetStream, maxFragment, pdu => Loop.SendAsync(pdu), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not DicomNetworkException)
                {
                    // Half a message cannot be taken back: the association is aborted (PS3.7 has no way to cancel a C-STORE in flight).
                    Loop.Abort($"the data set of {message} could not be sent: {ex.Message}");
                    throw;
                }
            }

            DimseLog.Sent(logger, Id, message);
        }
        finally
        {
            try
            {
                sendLock.Release();
            }
            catch (ObjectDisposedException)
            {
                // The association ended and the session was disposed while this message went out; it was sent, and
                // nobody can wait for the lock any more.
            }
        }
    }

    private ushort NextMessageId()
    {
        while (true)
        {
            var id = (ushort)Interlocked.Increment(ref messageIds);
            if (id != 0 && !outgoing.ContainsKey(id))
            {
                return id;
            }
        }
    }
}
