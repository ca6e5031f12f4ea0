using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>One event for the association loop, with what it carries: a PDU, a new transport, a completion to signal.</summary>
internal sealed class UlInput(UlEvent @event)
{
    public UlEvent Event { get; } = @event;

    public Pdu.Pdu? Pdu { get; init; }

    /// <summary>The connected transport (event 2).</summary>
    public Stream? Transport { get; init; }

    /// <summary>Completed when a local primitive has been carried out, failed when it could not be.</summary>
    public TaskCompletionSource? Done { get; init; }

    /// <summary>The ARTIM timer generation that fired (event 18); stale timers are ignored.</summary>
    public long TimerGeneration { get; init; }

    /// <summary>
    /// A P-DATA-TF PDU that more follow at once (pending C-FIND responses) may wait in the send buffer for them, so a
    /// burst goes out in a few socket writes; the loop still flushes after a bounded number of bytes and PDUs.
    /// </summary>
    public bool MayDeferFlush { get; init; }

    /// <summary>Whether the transport pump posted it (it then holds one of the pump's few slots in the queue).</summary>
    public bool FromPeer { get; init; }

    /// <summary>
    /// Set on a local abort (event 15) that the DIMSE layer raises for a peer breaking a negotiated limit: the A-ABORT
    /// then names the service provider and this reason, so the peer learns the association failed on a protocol rule
    /// rather than on a decision of our application.
    /// </summary>
    public Pdu.AbortReason? ProviderReason { get; init; }

    /// <summary>Why (a closed transport, a timeout, a local abort): logged and reported.</summary>
    public string? Detail { get; init; }

    /// <summary>The exception behind a failed connection (event 17 from connecting).</summary>
    public Exception? Cause { get; init; }

    public static UlEvent EventFor(Pdu.Pdu pdu) => pdu switch
    {
        AssociateAcceptPdu => UlEvent.Evt3,
        AssociateRejectPdu => UlEvent.Evt4,
        AssociateRequestPdu => UlEvent.Evt6,
        PDataTransferPdu => UlEvent.Evt10,
        ReleaseRequestPdu => UlEvent.Evt12,
        ReleaseResponsePdu => UlEvent.Evt13,
        AbortPdu => UlEvent.Evt16,
        _ => UlEvent.Evt19,
    };

    public override string ToString() => Pdu is null ? Event.ToString() : $"{Event} ({Pdu.Type})";
}
