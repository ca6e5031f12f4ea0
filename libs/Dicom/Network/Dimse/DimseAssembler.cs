using System.Buffers;
using System.IO.Pipelines;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// Reassembles DIMSE messages from presentation data values (PS3.7 section 6.3.1, PS3.8 annex E): command fragments
/// first, then data set fragments on the same presentation context, one message at a time. Command sets and most data
/// sets are buffered within limits; the data set of a C-STORE request is streamed through a pipe, whose back pressure
/// slows the network reader, so memory stays flat however large the data set is.
/// </summary>
internal sealed class DimseAssembler(DimseSessionOptions options, Func<byte, DicomPresentationContext?> contextOf)
{
    private ArrayBufferWriter<byte>? command;
    private ArrayBufferWriter<byte>? data;
    private Pipe? stream;
    private bool streamAbandoned;
    private TaskCompletionSource? streamComplete;
    private DimseMessage? current;
    private byte contextId;

    /// <summary>
    /// Whether a streamed data set's reader runs on the thread that writes it (the transport's) and the writer on the
    /// reader's. Only for a peer that waits for each response: with several stores in flight, the handler of one
    /// (flushing its file) would otherwise hold up the reception of the next.
    /// </summary>
    public bool StreamsInline { get; set; }

    /// <summary>Whether a message is partly received.</summary>
    public bool InProgress => command is not null || current is not null;

    public async ValueTask<DimseAssembly> AddAsync(PresentationDataValue pdv, CancellationToken cancellationToken)
    {
        if (contextOf(pdv.PresentationContextId) is null)
        {
            return DimseAssembly.Failed($"fragment on presentation context {pdv.PresentationContextId}, which was not accepted");
        }

        if (InProgress && pdv.PresentationContextId != contextId)
        {
            return DimseAssembly.Failed($"fragment on presentation context {pdv.PresentationContextId} inside a message on context {contextId}");
        }

        contextId = pdv.PresentationContextId;
        return pdv.IsCommand ? AddCommand(pdv) : await AddDataAsync(pdv, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fails a streamed data set still open (the association is ending).</summary>
    public void Fail(Exception reason)
    {
        if (stream is not null)
        {
            stream.Writer.Complete(reason);
            streamComplete?.TrySetException(reason);
            stream = null;
        }
    }

    private DimseAssembly AddCommand(PresentationDataValue pdv)
    {
        if (current is not null)
        {
            return DimseAssembly.Failed($"command fragment while the data set of {current} was expected");
        }

        command ??= new ArrayBufferWriter<byte>(256);
        if (command.WrittenCount + pdv.Data.Length > options.MaxCommandLength)
        {
            return DimseAssembly.Failed($"command set longer than {options.MaxCommandLength} bytes");
        }

        command.Write(pdv.Data.Span);
        if (!pdv.IsLastFragment)
        {
            return DimseAssembly.None;
        }

        DicomDataset commandSet;
        try
        {
            commandSet = DicomDatasetReader.Read(command.WrittenSpan, DicomTransferSyntax.ImplicitVRLittleEndian).Dataset;
        }
        catch (DicomParseException ex)
        {
            return DimseAssembly.Failed($"unreadable command set: {ex.Message}");
        }
        finally
        {
            command = null;
        }

        DimseMessage message;
        try
        {
            message = new DimseMessage(commandSet, contextId);
            if (message.Descriptor is null)
            {
                return DimseAssembly.Failed($"unknown command field 0x{(ushort)message.CommandField:X4}");
            }

            _ = message.MessageId;
            if (!message.HasDataSet)
            {
                return new DimseAssembly(DimseAssemblyKind.Message, message);
            }
        }
        catch (DicomValueException ex)
        {
            return DimseAssembly.Failed($"malformed command set: {ex.Message}");
        }

        current = message;
        if (message.CommandField != DimseCommandField.CStoreRequest)
        {
            data = new ArrayBufferWriter<byte>(4096);
            return DimseAssembly.None;
        }

        // Inline (see StreamsInline), no fragment waits for a thread to wake up.
        var scheduler = StreamsInline ? PipeScheduler.Inline : PipeScheduler.ThreadPool;
        stream = new Pipe(new PipeOptions(
            readerScheduler: scheduler,
            writerScheduler: scheduler,
            pauseWriterThreshold: options.StreamPauseThreshold,
            resumeWriterThreshold: options.StreamPauseThreshold / 2,
            useSynchronizationContext: false));
        streamAbandoned = false;
        streamComplete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new DimseAssembly(DimseAssemblyKind.StreamStarted, message, DataSetStream: stream.Reader, DataSetComplete: streamComplete.Task);
    }

    private async ValueTask<DimseAssembly> AddDataAsync(PresentationDataValue pdv, CancellationToken cancellationToken)
    {
        if (current is null)
        {
            return DimseAssembly.Failed("data set fragment without a command");
        }

        if (stream is not null)
        {
            if (!streamAbandoned)
            {
                var result = await stream.Writer.WriteAsync(pdv.Data.Memory, cancellationToken).ConfigureAwait(false);

                // The handler stopped reading (it has answered already): the rest is received and dropped.
                streamAbandoned = result.IsCompleted;
            }

            if (pdv.IsLastFragment)
            {
                // Complete before the pipe ends: the handler that reads the end answers at once, and its answer waits for this.
                streamComplete!.TrySetResult();
                await stream.Writer.CompleteAsync().ConfigureAwait(false);
                stream = null;
                current = null;
            }

            return DimseAssembly.None;
        }

        if (data!.WrittenCount + pdv.Data.Length > options.MaxBufferedDataSetLength)
        {
            return DimseAssembly.Failed($"data set of {current} longer than {options.MaxBufferedDataSetLength} bytes");
        }

        data.Write(pdv.Data.Span);
        if (!pdv.IsLastFragment)
        {
            return DimseAssembly.None;
        }

        var message = current;
        var bytes = data.WrittenMemory;
        current = null;
        data = null;
        return new DimseAssembly(DimseAssemblyKind.Message, message, bytes);
    }
}
