namespace CloudRisPacs.Dicom.Network.Ul;

internal sealed partial class AssociationLoop
{
    // Guards the queue and who carries it out; events themselves are carried out outside the lock, one at a time.
    private readonly Lock gate = new();
    private readonly Queue<UlInput> queue = new();

    // Events an action raises for itself (a release collision's answer, a failed write); only the carrier touches them.
    private readonly Queue<UlInput> followUps = new();
    private bool started;
    private bool carrying;
    private bool closed;
    private bool begun;

    private bool IsStarted
    {
        get
        {
            lock (gate)
            {
                return started;
            }
        }
    }

    private Task Post(UlInput input)
    {
        if (!TryPost(input))
        {
            input.Done?.TrySetException(new DicomNetworkException($"Association {Id} has ended."));
        }

        return input.Done?.Task ?? Task.CompletedTask;
    }

    /// <summary>
    /// Queues an event; when no one is carrying out the queue, the caller does, up to the first action that has to
    /// wait. That is what keeps a C-STORE on the thread that read it: the transport thread's PDU, the data set's
    /// handler and the response all run there, where a hand-off to another thread would cost a wake-up each time.
    /// False when the loop has ended.
    /// </summary>
    private bool TryPost(UlInput input)
    {
        lock (gate)
        {
            if (closed)
            {
                return false;
            }

            queue.Enqueue(input);
            if (!started || carrying)
            {
                return true;
            }

            carrying = true;
        }

        _ = CarryOutAsync();
        return true;
    }

    private async Task CarryOutAsync()
    {
        try
        {
            while (TryTakeNext(out var input))
            {
                begun |= input.Event is UlEvent.Evt1 or UlEvent.Evt5;
                await HandleAsync(input).ConfigureAwait(false);
                if (begun && State == UlState.Sta1)
                {
                    await FinishAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // A bug in an action must not leave a socket open or callers waiting.
            UlLog.LoopFailed(logger, ex, Id);
            end ??= new AssociationEnd(AssociationEndKind.TransportClosed, $"internal error: {ex.Message}");
            await FinishAsync().ConfigureAwait(false);
        }
    }

    private bool TryTakeNext(out UlInput input)
    {
        if (followUps.TryDequeue(out var followUp))
        {
            input = followUp;
            return true;
        }

        lock (gate)
        {
            if (!queue.TryDequeue(out var next))
            {
                carrying = false;
                input = null!;
                return false;
            }

            input = next;
        }

        if (input.FromPeer)
        {
            ReleaseIncomingSlot();
        }

        return true;
    }

    /// <summary>Refuses further events (the carrier stays marked, so none starts) and returns those not carried out.</summary>
    private List<UlInput> CloseQueue()
    {
        var left = new List<UlInput>(followUps);
        followUps.Clear();
        lock (gate)
        {
            closed = true;
            left.AddRange(queue);
            queue.Clear();
        }

        return left;
    }
}
