using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// Bus handler for <c>dicom.commitment-result</c>: stores the cloud's answer durably, then wakes whoever waits for it
/// (the storage commitment handler holding the modality's transaction).
/// </summary>
public sealed class CommitmentResultHandler(CommitmentStore store, CommitmentWaiters waiters) : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        var result = BusContractJson.Deserialize<CommitmentResult>(message);
        await store.RecordResultAsync(result, cancellationToken).ConfigureAwait(false);
        var stored = await store.GetResultAsync(result.TransactionUid, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return BusHandlingResult.DeadLetter("unknown-transaction",
                $"No storage commitment transaction {result.TransactionUid} was requested at this site.");
        }

        waiters.Complete(stored);
        return BusHandlingResult.Complete;
    }
}
