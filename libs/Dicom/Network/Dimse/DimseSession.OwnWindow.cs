namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// Keeps this side's requests within the asynchronous operations window of its own direction (PS3.7 D.3.3.3): a
/// request that would exceed it waits for an earlier one's final response instead of being sent.
/// </summary>
/// <remarks>
/// Which number applies follows from the roles, not from SCU or SCP: the requestor invokes up to the acceptor's
/// Maximum-number-operations-invoked; the acceptor invokes on the requestor (an SCP's N-EVENT-REPORT of storage
/// commitment on the association the SCU opened, where the SCU performs the notification) up to the acceptor's
/// Maximum-number-operations-performed, which is what the requestor performs for it. Both are 1 without a window item.
/// </remarks>
internal sealed partial class DimseSession
{
    /// <summary>Free places in the window; null when the window is unlimited (0).</summary>
    private SemaphoreSlim? ownSlots;

    private void OpenOwnWindow(int window) => ownSlots = window > 0 ? new SemaphoreSlim(window, window) : null;

    /// <summary>
    /// Waits for a place for <paramref name="request"/>. Throws <see cref="InvalidOperationException"/> instead of
    /// waiting forever when the caller is itself enumerating the responses of requests that fill the window.
    /// </summary>
    private async Task TakeOwnSlotAsync(DimseOutgoingRequest request, DimseCommandField field, CancellationToken cancellationToken)
    {
        if (ownSlots is not { } slots)
        {
            return;
        }

        // Decided on the count alone, not on whether a place happens to be free now: whether a find's last response
        // is already in depends on timing, and code that works with three matches must not hang with three thousand.
        var window = Info.OwnOperationsWindow;
        var enumerating = ResponseEnumeration.UnfinishedIn(this);
        if (enumerating >= window)
        {
            throw new InvalidOperationException(
                $"{DimseDescriptors.Get(field).Name} on association {Id} would wait for a place in the asynchronous operations window of {window}, " +
                $"held by the C-FIND whose responses this code is enumerating ({enumerating} outstanding); that find cannot end while its enumeration waits. " +
                "Finish or cancel the find first, or negotiate a larger window.");
        }

        if (!slots.Wait(0, CancellationToken.None))
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Token);
            try
            {
                await slots.WaitAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DicomNetworkException($"Association {Id} ended while {DimseDescriptors.Get(field).Name} waited for a place in the asynchronous operations window.");
            }
        }

        request.TakeSlot();
    }

    private void GiveOwnSlotBack(DimseOutgoingRequest request)
    {
        if (request.GiveSlotBack())
        {
            ownSlots?.Release();
        }
    }
}
