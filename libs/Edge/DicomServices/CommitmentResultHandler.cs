using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// Bus handler for <c>dicom.commitment-result</c>: stores the cloud's answer durably, then hands it to whoever holds the
/// transaction (the requesting association, still waiting) or, when nobody does (the modality left, the agent
/// restarted), wakes the re-delivery pass (<see cref="CommitmentReportDelivery"/>).
/// </summary>
public sealed class CommitmentResultHandler(CommitmentStore store, CommitmentClaims claims) : IBusMessageHandler
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

        claims.Complete(stored);
        return BusHandlingResult.Complete;
    }
}
