using System.Buffers;
using System.Net.Sockets;
using System.Security.Authentication;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Ul;

internal sealed partial class AssociationLoop
{
    /// <summary>The name of each association's transport thread (at most 15 characters: Linux shows no more).</summary>
    public const string PumpThreadName = "DICOM UL pump";

    private const int MinimumReadSize = 16 * 1024;

    // When the pump began waiting in a read (0 while it is not waiting); the watchdog's idle and read timeouts count from it.
    private long readStarted;
    private volatile bool partial;
    private int timedOut;

    // How many PDUs the pump has queued that the loop has not taken yet (back pressure: at most IncomingCapacity).
    private readonly object incomingSlots = new();
    private int incomingQueued;

    /// <summary>
    /// Reads PDUs from the transport with blocking reads on a thread of its own and posts them as events, so that a PDU
    /// is handled on the thread that read it (the way DCMTK's storescp works) instead of being handed from thread to
    /// thread; on a virtual machine each such hand-off costs a wake-up that is dearer than the PDU. Posting waits while
    /// a few PDUs are queued already, so a fast peer is slowed by TCP instead of filling memory. The end of the stream
    /// becomes event 17 (after event 19 when it ends inside a PDU), and read errors become event 17; the timeouts are
    /// kept by a watchdog, which aborts (the transport then closes and the blocked read ends).
    /// </summary>
    private void Pump(Stream stream)
    {
        var limit = options.MaxReceivePduLength == 0 ? 0 : options.MaxReceivePduLength + ReceiveSlack;
        var buffer = new byte[64 * 1024];
        var start = 0;
        var filled = 0;
        var detail = "transport closed by the peer";
        using var watchdog = StartWatchdog();
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                var pending = new ReadOnlySequence<byte>(buffer, start, filled - start);
                var invalid = false;
                while (!invalid && PduReader.TryRead(ref pending, limit, out var pdu))
                {
                    start = filled - (int)pending.Length;
                    Touch();
                    invalid = pdu is InvalidPdu;
                    if (!PostIncoming(new UlInput(UlInput.EventFor(pdu)) { Pdu = pdu, FromPeer = true }))
                    {
                        return;
                    }
                }

                partial = start < filled;
                if (invalid)
                {
                    // Nothing after an invalid PDU can be trusted: drain until the peer or the ARTIM timer closes the transport.
                    Drain(stream, buffer);
                    return;
                }

                MakeRoom(ref buffer, ref start, ref filled);
                var read = ReadWatched(stream, buffer.AsSpan(filled));
                if (read == 0)
                {
                    if (partial)
                    {
                        var truncated = new InvalidPdu(0, AbortReason.InvalidPduParameterValue, "the transport closed inside a PDU");
                        PostIncoming(new UlInput(UlEvent.Evt19) { Pdu = truncated, FromPeer = true });
                        detail = "transport closed inside a PDU";
                    }

                    return;
                }

                filled += read;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or AuthenticationException or InvalidOperationException)
        {
            detail = lifetime.IsCancellationRequested ? "closed" : ex.Message;
        }
        catch (Exception ex)
        {
            // This thread is not the thread pool's: an exception escaping it would end the process, every other
            // association with it. A fault of ours ends this association only, and is logged as one.
            UlLog.LoopFailed(logger, ex, Id);
            detail = $"internal error: {ex.Message}";
        }
        finally
        {
            UlLog.TransportClosed(logger, Id, detail);
            PostIncoming(new UlInput(UlEvent.Evt17) { Detail = detail, FromPeer = true });
        }
    }

    /// <summary>Moves a partial PDU to the front when little room is left, and grows the buffer for a PDU larger than it.</summary>
    private static void MakeRoom(ref byte[] buffer, ref int start, ref int filled)
    {
        if (start == filled)
        {
            start = filled = 0;
        }

        if (buffer.Length - filled >= MinimumReadSize)
        {
            return;
        }

        var kept = filled - start;
        // PduReader refuses a PDU above its limits before its body is here, so the buffer grows to one PDU at most.
        var target = kept + MinimumReadSize > buffer.Length ? new byte[buffer.Length * 2] : buffer;
        Buffer.BlockCopy(buffer, start, target, 0, kept);
        buffer = target;
        start = 0;
        filled = kept;
    }

    private int ReadWatched(Stream stream, Span<byte> into)
    {
        Interlocked.Exchange(ref readStarted, time.GetTimestamp());
        try
        {
            return stream.Read(into);
        }
        finally
        {
            Interlocked.Exchange(ref readStarted, 0);
        }
    }

    private ITimer StartWatchdog()
    {
        var shortest = options.IdleTimeout < options.ReadTimeout ? options.IdleTimeout : options.ReadTimeout;
        var period = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 8, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        return time.CreateTimer(static state => ((AssociationLoop)state!).CheckProgress(), this, period, period);
    }

    /// <summary>
    /// Aborts when a read waits with no byte for the idle timeout between PDUs (our own sends count as activity: a long
    /// C-FIND answer is not idle) or for the read timeout inside a PDU. Time the pump spends handling is not waiting.
    /// </summary>
    private void CheckProgress()
    {
        var since = Interlocked.Read(ref readStarted);
        if (since == 0 || Volatile.Read(ref timedOut) == 1 || lifetime.IsCancellationRequested)
        {
            return;
        }

        var waited = time.GetElapsedTime(since);
        string? reason = null;
        if (partial)
        {
            reason = waited >= options.ReadTimeout ? $"no progress on an incomplete PDU for {options.ReadTimeout}" : null;
        }
        else if (waited >= options.IdleTimeout && time.GetElapsedTime(Interlocked.Read(ref lastActivity)) >= options.IdleTimeout)
        {
            reason = $"idle for {options.IdleTimeout}";
        }

        if (reason is not null && Interlocked.Exchange(ref timedOut, 1) == 0)
        {
            Abort(reason);
        }
    }

    private bool PostIncoming(UlInput input) => TakeIncomingSlot() && TryPost(input);

    /// <summary>
    /// Waits until fewer than <see cref="IncomingCapacity"/> PDUs are queued; false once the loop has ended. Blocks
    /// without spinning (a semaphore's spin-wait took CPU from the threads that would free a place, on two cores).
    /// </summary>
    private bool TakeIncomingSlot()
    {
        lock (incomingSlots)
        {
            while (incomingQueued >= IncomingCapacity)
            {
                if (lifetime.IsCancellationRequested)
                {
                    return false;
                }

                // Woken by each place freed; the timeout only re-checks whether the loop ended meanwhile.
                Monitor.Wait(incomingSlots, TimeSpan.FromMilliseconds(100));
            }

            incomingQueued++;
            return !lifetime.IsCancellationRequested;
        }
    }

    private void ReleaseIncomingSlot()
    {
        lock (incomingSlots)
        {
            incomingQueued--;
            Monitor.Pulse(incomingSlots);
        }
    }

    private static void Drain(Stream stream, byte[] buffer)
    {
        while (stream.Read(buffer) > 0)
        {
        }
    }
}
