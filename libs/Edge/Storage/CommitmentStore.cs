using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// Storage Commitment transactions: the modality's request (committed together with its <c>dicom.commitment-requested</c>
/// outbox message), the cloud's result when it arrives, and whether the report reached the modality. Results survive a
/// restart, so a report is still sent when the agent restarted while the cloud was deciding.
/// </summary>
public sealed class CommitmentStore(EdgeDatabase database, OutboxStore outbox, TimeProvider time)
{
    /// <summary>Stores the request and queues its bus message in one commit; false when the transaction is already known.</summary>
    public async Task<bool> AddRequestAsync(CommitmentRequest request, BusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var added = await database.WriteAsync(tx =>
        {
            var inserted = tx.Command("""
                INSERT INTO commitment (transaction_uid, requesting_ae, request_json, received_at) VALUES ($uid, $ae, $json, $now)
                ON CONFLICT(transaction_uid) DO NOTHING
                """)
                .With("$uid", request.TransactionUid).With("$ae", request.RequestingAeTitle)
                .With("$json", JsonSerializer.Serialize(request, BusContractJson.Options)).With("$now", time.GetUtcNow().ToUnix())
                .ExecuteNonQuery() == 1;
            if (inserted)
            {
                OutboxStore.Insert(tx, message);
            }

            return inserted;
        }, cancellationToken).ConfigureAwait(false);
        if (added)
        {
            outbox.NotifyAdded();
        }

        return added;
    }

    /// <summary>Records the cloud's result; false when the transaction is unknown here or already has one (a redelivery).</summary>
    public Task<bool> RecordResultAsync(CommitmentResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return database.WriteAsync(tx => tx.Command("""
                UPDATE commitment SET result_json = $json WHERE transaction_uid = $uid AND result_json IS NULL
                """).With("$uid", result.TransactionUid).With("$json", JsonSerializer.Serialize(result, BusContractJson.Options))
            .ExecuteNonQuery() == 1, cancellationToken);
    }

    /// <summary>The result for a transaction, or null while the cloud has not answered.</summary>
    public Task<CommitmentResult?> GetResultAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            var json = connection.Command("SELECT result_json FROM commitment WHERE transaction_uid = $uid").With("$uid", transactionUid).ExecuteScalar() as string;
            return json is null ? null : JsonSerializer.Deserialize<CommitmentResult>(json, BusContractJson.Options);
        }, cancellationToken);

    /// <summary>Results not yet reported to their modality, oldest first.</summary>
    public Task<IReadOnlyList<CommitmentResult>> ListUnreportedResultsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CommitmentResult>>(connection =>
        {
            using var command = connection.Command(
                "SELECT result_json FROM commitment WHERE state = 0 AND result_json IS NOT NULL ORDER BY received_at");
            using var reader = command.ExecuteReader();
            var results = new List<CommitmentResult>();
            while (reader.Read())
            {
                results.Add(JsonSerializer.Deserialize<CommitmentResult>(reader.GetString(0), BusContractJson.Options)!);
            }

            return results;
        }, cancellationToken);

    /// <summary>Records that the report was delivered (state 1) or given up (state 2, with the reason).</summary>
    public Task MarkReportedAsync(string transactionUid, bool delivered, string? reason = null, CancellationToken cancellationToken = default) =>
        database.WriteAsync(tx => tx.Command("""
                UPDATE commitment SET state = $state, last_error = $reason, finished_at = $now, attempts = attempts + 1 WHERE transaction_uid = $uid
                """).With("$uid", transactionUid).With("$state", delivered ? EdgeSchema.Done : EdgeSchema.Parked)
            .With("$reason", reason).With("$now", time.GetUtcNow().ToUnix()).ExecuteNonQuery(), cancellationToken);
}
