using System.Collections.Concurrent;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// Polices the asynchronous operations window of the peer's direction (PS3.7 D.3.3.3): every request the peer has
/// outstanding here costs a handler task and buffers, and the window is the number it agreed to stay within.
/// </summary>
internal sealed partial class DimseSession
{
    /// <summary>
    /// The message ids of the peer's requests that count against its window: from the arrival of the request until its
    /// final response is on its way (or its handling ends without one). C-CANCEL never gets here: it is no operation.
    /// </summary>
    private readonly ConcurrentDictionary<ushort, byte> peerOperations = new();

    /// <summary>
    /// Counts a request of the peer; false when it exceeds the window, and the association is then being aborted. A
    /// duplicate message id is left for the caller's own check.
    /// </summary>
    private bool EnterPeerOperation(DimseMessage request)
    {
        if (!peerOperations.TryAdd(request.MessageId, 0))
        {
            return true;
        }

        var window = Info.PeerOperationsWindow;
        var outstanding = peerOperations.Count;
        if (window == 0 || outstanding <= window)
        {
            return true;
        }

        DimseLog.PeerWindowExceeded(logger, Id, request, outstanding, window);

        // PS3.7 names no A-ABORT reason for this; of PS3.8 table 9-26's, "unexpected PDU parameter" fits best: the
        // P-DATA-TF is expected in this state, one of the messages it carries is not.
        Loop.Abort($"{request} makes {outstanding} outstanding requests; the asynchronous operations window is {window}", AbortReason.UnexpectedPduParameter);
        return false;
    }

    /// <summary>
    /// Ends a request's count. It happens before the final response is written, not after: the peer may send its next
    /// request the moment it reads the response, and that must not find the old one still counted.
    /// </summary>
    private void EndPeerOperation(ushort messageId) => peerOperations.TryRemove(messageId, out _);
}
