using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// The acceptor's answer to a proposed asynchronous operations window (PS3.7 D.3.3.3.1): never more than proposed (0
/// proposes no limit). Requests on an association are handled concurrently, so the requestor may invoke up to our
/// maximum; the only requests we invoke on the requestor are storage commitment reports, which need no overlap, so it
/// performs one at a time (and <see cref="Dimse.DimseSession"/> keeps our reports to that).
/// </summary>
internal static class AsynchronousOperationsNegotiation
{
    public static AsynchronousOperationsWindow? Answer(AsynchronousOperationsWindow? proposed, int maxPerformedHere)
    {
        if (proposed is null)
        {
            return null;
        }

        var invoked = proposed.MaxOperationsInvoked == 0 ? maxPerformedHere : Math.Min(proposed.MaxOperationsInvoked, maxPerformedHere);
        return new AsynchronousOperationsWindow((ushort)invoked, 1);
    }
}
