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
    /// The peer's outstanding requests by message id, each with the means to cancel it: from the arrival of the request
    /// until its final response is on its way (or its handling ends without one). They count against the peer's window,
    /// C-CANCEL finds its request here, and an id is unique among them (PS3.7 9.1.1.1.1). C-CANCEL never gets here: it
    /// is no operation.
    /// </summary>
    private readonly ConcurrentDictionary<ushort, CancellationTokenSource> peerOperations = new();

    /// <summary>
    /// Counts a request of the peer; false when its message id is already outstanding or it exceeds the window, and
    /// the association is then being aborted.
    /// </summary>
    private bool EnterPeerOperation(DimseMessage request, CancellationTokenSource operation)
    {
        if (!peerOperations.TryAdd(request.MessageId, operation))
        {
            ProtocolError($"a second outstanding request with message id {request.MessageId}");
            return false;
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
    /// request the moment it reads the response, with the same message id even, and that must not find the old one
    /// still outstanding. Only this request's entry goes: a new one under the same id stays.
    /// </summary>
    private void EndPeerOperation(DimseIncomingRequest request) =>
        peerOperations.TryRemove(KeyValuePair.Create(request.Message.MessageId, request.Operation));
}
