using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Dimse;

internal sealed partial class DimseSession
{
    async ValueTask Ul.IUlServiceUser.OnPDataAsync(PDataTransferPdu pdu, CancellationToken cancellationToken)
    {
        foreach (var value in pdu.Values)
        {
            var assembled = await assembler.AddAsync(value, cancellationToken).ConfigureAwait(false);
            switch (assembled.Kind)
            {
                case DimseAssemblyKind.ProtocolError:
                    ProtocolError(assembled.Error!);
                    return;
                case DimseAssemblyKind.Message:
                    await DeliverAsync(assembled.Message!, assembled.DataSetBytes, cancellationToken).ConfigureAwait(false);
                    break;
                case DimseAssemblyKind.StreamStarted:
                    StartRequest(assembled.Message!, dataSet: null, dataSetError: null, assembled.DataSetStream!.AsStream(), assembled.DataSetComplete);
                    break;
            }
        }
    }

    private async ValueTask DeliverAsync(DimseMessage message, ReadOnlyMemory<byte> dataSetBytes, CancellationToken cancellationToken)
    {
        DimseLog.Received(logger, Id, message);
        var syntax = contexts[message.PresentationContextId].TransferSyntax;
        DicomDataset? dataSet = null;
        string? error = null;
        if (message.HasDataSet)
        {
            try
            {
                dataSet = DicomDatasetReader.Read(dataSetBytes.Span, syntax).Dataset;
            }
            catch (DicomParseException ex)
            {
                error = ex.Message;
                DimseLog.UnreadableDataSet(logger, Id, message, ex.Message);
            }
        }

        if (!message.IsRequest)
        {
            if (outgoing.TryGetValue(message.MessageId, out var request))
            {
                var response = new DimseMessage(message.Command, message.PresentationContextId, dataSet);
                if (!response.Status.IsPending)
                {
                    outgoing.TryRemove(message.MessageId, out _);
                    GiveOwnSlotBack(request);
                }

                await request.DeliverAsync(response, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                DimseLog.UnexpectedResponse(logger, Id, message);
            }

            return;
        }

        if (message.CommandField == DimseCommandField.CCancelRequest)
        {
            DimseLog.CancelRequested(logger, Id, message.MessageId);
            if (peerOperations.TryGetValue(message.MessageId, out var operation))
            {
                try
                {
                    await operation.CancelAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    // Its handling ended meanwhile: nothing left to cancel.
                }
            }

            return;
        }

        StartRequest(message, dataSet, error, stream: null, streamComplete: null);
    }

    private void StartRequest(DimseMessage message, DicomDataset? dataSet, string? dataSetError, Stream? stream, Task? streamComplete)
    {
        if (stream is not null)
        {
            DimseLog.Received(logger, Id, message);
        }

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
        if (!EnterPeerOperation(message, cancellation))
        {
            cancellation.Dispose();
            stream?.Dispose();
            return;
        }

        var full = dataSet is null ? message : new DimseMessage(message.Command, message.PresentationContextId, dataSet);
        var sequence = Interlocked.Increment(ref requestSequence);
        handling[sequence] = cancellation;
        var request = new DimseIncomingRequest(this, full, contexts[message.PresentationContextId].TransferSyntax, cancellation.Token)
        {
            Operation = cancellation,
            Sequence = sequence,
            DataSetStream = stream,
            DataSetComplete = streamComplete,
            DataSetError = dataSetError,
        };
        // A streamed data set (C-STORE) from a peer that waits for each response is handled on this thread, the one
        // that receives it, so each fragment goes from the socket to the handler's sink without waking another thread;
        // the peer sends nothing else meanwhile. Anything else runs on its own task, so this thread goes on reading: a
        // C-CANCEL during a C-FIND, or the next C-STOREs of a peer with a wider window, whose flushes then overlap.
        if (stream is not null && assembler.StreamsInline)
        {
            _ = HandleAsync(request);
        }
        else
        {
            _ = Task.Run(() => HandleAsync(request));
        }
    }

    private async Task HandleAsync(DimseIncomingRequest request)
    {
        try
        {
            if (requestHandler is null)
            {
                await request.RespondAsync(DicomStatus.SopClassNotSupported).ConfigureAwait(false);
            }
            else
            {
                await requestHandler.HandleAsync(request).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is DicomNetworkException || (ex is OperationCanceledException or ObjectDisposedException && lifetime.IsCancellationRequested))
        {
            // The association ended while the request was being handled; there is no one left to answer.
        }
        catch (Exception ex)
        {
            DimseLog.HandlerFailed(logger, ex, Id, request.Message);
        }
        finally
        {
            if (request.DataSetStream is { } stream)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            OnHandled(request);
        }
    }
}
