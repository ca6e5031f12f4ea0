using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Ul;

internal sealed partial class AssociationLoop
{
    /// <summary>
    /// Reads PDUs from the transport and posts them as events; a bounded channel makes it wait while the loop is busy,
    /// so a fast peer is slowed by TCP instead of filling memory. Timeouts become a local abort, the end of the stream
    /// becomes event 17 (after event 19 when it ends inside a PDU), and read errors become event 17.
    /// </summary>
    private async Task PumpAsync(Stream stream)
    {
        await Task.Yield();
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        var limit = options.MaxReceivePduLength == 0 ? 0 : options.MaxReceivePduLength + ReceiveSlack;
        string detail = "transport closed by the peer";
        var timedOut = false;
        Task<ReadResult>? pending = null;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                pending ??= reader.ReadAsync(lifetime.Token).AsTask();
                ReadResult read;
                try
                {
                    read = await pending.WaitAsync(timedOut ? Timeout.InfiniteTimeSpan : CurrentTimeout(), time).ConfigureAwait(false);
                    pending = null;
                }
                catch (TimeoutException)
                {
                    if (!partial && time.GetElapsedTime(Interlocked.Read(ref lastActivity)) < options.IdleTimeout)
                    {
                        // Our own sends count as activity: a long C-FIND answering is not idle.
                        continue;
                    }

                    timedOut = true;
                    Abort(partial ? $"no progress on an incomplete PDU for {options.ReadTimeout}" : $"idle for {options.IdleTimeout}");
                    continue;
                }

                var buffer = read.Buffer;
                var invalid = false;
                try
                {
                    while (!invalid && PduReader.TryRead(ref buffer, limit, out var pdu))
                    {
                        Touch();
                        invalid = pdu is InvalidPdu;
                        if (!await PostIncomingAsync(new UlInput(UlInput.EventFor(pdu)) { Pdu = pdu, FromPeer = true }).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                }
                finally
                {
                    partial = !buffer.IsEmpty;
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (invalid)
                {
                    // Nothing after an invalid PDU can be trusted: drain until the peer or the ARTIM timer closes the transport.
                    await DrainAsync(reader).ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted)
                {
                    if (partial)
                    {
                        var truncated = new InvalidPdu(0, AbortReason.InvalidPduParameterValue, "the transport closed inside a PDU");
                        await PostIncomingAsync(new UlInput(UlEvent.Evt19) { Pdu = truncated, FromPeer = true }).ConfigureAwait(false);
                        detail = "transport closed inside a PDU";
                    }

                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or AuthenticationException or InvalidOperationException)
        {
            detail = lifetime.IsCancellationRequested ? "closed" : ex.Message;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            UlLog.TransportClosed(logger, Id, detail);
            await PostIncomingAsync(new UlInput(UlEvent.Evt17) { Detail = detail, FromPeer = true }).ConfigureAwait(false);
        }
    }

    private bool partial;

    private TimeSpan CurrentTimeout() => partial ? options.ReadTimeout : options.IdleTimeout;

    private async ValueTask<bool> PostIncomingAsync(UlInput input)
    {
        try
        {
            await incomingSlots.WaitAsync(lifetime.Token).ConfigureAwait(false);
            return local.Writer.TryWrite(input);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static async Task DrainAsync(PipeReader reader)
    {
        while (true)
        {
            var read = await reader.ReadAsync().ConfigureAwait(false);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }
}
