using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// Storage Commitment transactions: the modality's request (committed together with its <c>dicom.commitment-requested</c>
/// outbox message), the cloud's result when it arrives, and whether the report reached the modality (state 0 open, 1
/// reported, 2 parked after too many failed deliveries). Results survive a restart, so a report is still sent when the
/// agent restarted while the cloud was deciding or the modality had gone.
/// </summary>
public sealed class CommitmentStore(EdgeDatabase database, OutboxStore outbox, TimeProvider time)
{
    /// <summary>
    /// Stores the request and queues its bus message in one commit; false when the transaction is already known. The
    /// message is held while instances it names wait in the spool (<see cref="CommitmentWaits"/>).
    /// </summary>
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
                .ExecuteOnce() == 1;
            if (inserted)
            {
                OutboxStore.Insert(tx, message, held: CommitmentWaits.Hold(tx, request));
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
            .ExecuteOnce() == 1, cancellationToken);
    }

    /// <summary>The result for a transaction, or null while the cloud has not answered.</summary>
    public Task<CommitmentResult?> GetResultAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            var json = connection.Command("SELECT result_json FROM commitment WHERE transaction_uid = $uid").With("$uid", transactionUid).ExecuteScalarOnce() as string;
            return json is null ? null : JsonSerializer.Deserialize<CommitmentResult>(json, BusContractJson.Options);
        }, cancellationToken);

    /// <summary>
    /// Reports due for delivery on a new association, oldest request first: the cloud has answered, the report has not
    /// reached the modality, it is not parked, and its retry time has come.
    /// </summary>
    public Task<IReadOnlyList<DueCommitmentReport>> ListDueReportsAsync(int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<DueCommitmentReport>>(connection =>
        {
            using var command = connection.Command("""
                SELECT request_json, result_json, attempts FROM commitment
                WHERE state = 0 AND result_json IS NOT NULL AND next_attempt_at <= $now ORDER BY received_at LIMIT $limit
                """).With("$now", time.GetUtcNow().ToUnix()).With("$limit", limit);
            using var reader = command.ExecuteReader();
            var due = new List<DueCommitmentReport>();
            while (reader.Read())
            {
                due.Add(new DueCommitmentReport(
                    JsonSerializer.Deserialize<CommitmentRequest>(reader.GetString(0), BusContractJson.Options)!,
                    JsonSerializer.Deserialize<CommitmentResult>(reader.GetString(1), BusContractJson.Options)!,
                    reader.GetInt32(2)));
            }

            return due;
        }, cancellationToken);

    /// <summary>Requests received before <paramref name="receivedBefore"/> that the cloud has still not answered, oldest first.</summary>
    public Task<IReadOnlyList<CommitmentRequest>> ListUnansweredAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<CommitmentRequest>>(connection =>
        {
            using var command = connection.Command("""
                SELECT request_json FROM commitment WHERE state = 0 AND result_json IS NULL AND received_at < $before ORDER BY received_at LIMIT $limit
                """).With("$before", receivedBefore.ToUnix()).With("$limit", limit);
            using var reader = command.ExecuteReader();
            var requests = new List<CommitmentRequest>();
            while (reader.Read())
            {
                requests.Add(JsonSerializer.Deserialize<CommitmentRequest>(reader.GetString(0), BusContractJson.Options)!);
            }

            return requests;
        }, cancellationToken);

    /// <summary>
    /// When the re-delivery pass has something to do next: the earliest retry of an answered report, or the moment the
    /// oldest unanswered request reaches <paramref name="answerTimeout"/>; null when nothing is open.
    /// </summary>
    public Task<DateTimeOffset?> GetNextDueAsync(TimeSpan answerTimeout, CancellationToken cancellationToken = default) =>
        database.ReadAsync<DateTimeOffset?>(connection =>
        {
            using var command = connection.Command("""
                SELECT MIN(CASE WHEN result_json IS NULL THEN received_at + $timeout ELSE next_attempt_at END) FROM commitment WHERE state = 0
                """).With("$timeout", (long)answerTimeout.TotalMilliseconds);
            return command.ExecuteScalar() is long next ? UnixTime.FromUnix(next) : null;
        }, cancellationToken);

    /// <summary>The modality answered the report with success: done (state 1), counting the attempt.</summary>
    public Task MarkDeliveredAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        database.WriteAsync(tx => tx.Command("""
                UPDATE commitment SET state = 1, attempts = attempts + 1, last_error = NULL, finished_at = $now WHERE transaction_uid = $uid
                """).With("$uid", transactionUid).With("$now", time.GetUtcNow().ToUnix()).ExecuteOnce(), cancellationToken);

    /// <summary>Records a failed delivery: tried again at <paramref name="nextAttemptAt"/>, or parked (state 2) with the reason.</summary>
    public Task RecordFailedAttemptAsync(string transactionUid, string reason, DateTimeOffset nextAttemptAt, bool park, CancellationToken cancellationToken = default) =>
        database.WriteAsync(tx => tx.Command("""
                UPDATE commitment SET attempts = attempts + 1, last_error = $reason, next_attempt_at = $next, state = $state,
                       finished_at = CASE WHEN $state = 2 THEN $now ELSE NULL END
                WHERE transaction_uid = $uid AND state = 0
                """)
            .With("$uid", transactionUid).With("$reason", reason).With("$next", nextAttemptAt.ToUnix())
            .With("$state", park ? EdgeSchema.Parked : EdgeSchema.Pending).With("$now", time.GetUtcNow().ToUnix()).ExecuteOnce(), cancellationToken);

    /// <summary>Open transactions (waiting for the cloud or for their report to be delivered), the oldest one's age, and parked reports.</summary>
    public Task<QueueBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        BacklogQuery.ReadAsync(database, "commitment", "received_at", time, cancellationToken);

    public Task<IReadOnlyList<ParkedEntry>> ListParkedAsync(int limit, CancellationToken cancellationToken = default) =>
        BacklogQuery.ListParkedAsync(database, "commitment", "commitment", "transaction_uid", "'N-EVENT-REPORT to ' || requesting_ae", "received_at",
            limit, cancellationToken, orderColumn: "received_at");

    /// <summary>The state of one transaction (0 open, 1 reported, 2 parked), its delivery attempts and last error, or null; for tests and diagnostics.</summary>
    public Task<(int State, int Attempts, string? LastError)?> GetStateAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        database.ReadAsync<(int, int, string?)?>(connection =>
        {
            using var command = connection.Command("SELECT state, attempts, last_error FROM commitment WHERE transaction_uid = $uid").With("$uid", transactionUid);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetNullableString(2)) : null;
        }, cancellationToken);
}
