using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The outbox: every message for the cloud is first committed here (in the same transaction as whatever produced it),
/// then published by the forwarder. Entries keep their acceptance order (<c>seq</c>), which the forwarder keeps per
/// session (patient).
/// </summary>
public sealed class OutboxStore(EdgeDatabase database, TimeProvider time)
{
    /// <summary>Raised after a commit that added entries, so the forwarder wakes at once.</summary>
    public event EventHandler? Added;

    /// <summary>
    /// Adds <paramref name="message"/> inside an open write (the caller's transaction); a <paramref name="held"/> one is
    /// not forwarded until <see cref="CommitmentWaits.Release"/> makes it pending.
    /// </summary>
    internal static void Insert(SqliteTransaction transaction, BusMessage message, bool held = false)
    {
        message.Validate();
        transaction.Prepared("""
            INSERT INTO outbox (message_id, kind, session_key, correlation_id, trace_parent, content_type, body, properties, created_at, state)
            VALUES ($id, $kind, $session, $correlation, $trace, $contentType, $body, $properties, $created, $state)
            """)
            .With("$id", message.MessageId)
            .With("$kind", message.Kind)
            .With("$session", message.SessionKey)
            .With("$correlation", message.CorrelationId)
            .With("$trace", message.TraceParent)
            .With("$contentType", message.ContentType)
            .With("$body", message.Body.ToArray())
            .With("$properties", JsonSerializer.Serialize(message.Properties))
            .With("$created", message.CreatedAt.ToUnix())
            .With("$state", held ? EdgeSchema.Held : EdgeSchema.Pending)
            .ExecuteNonQuery();
    }

    /// <summary>Commits one message to the outbox.</summary>
    public async Task EnqueueAsync(BusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await database.WriteAsync(tx => Insert(tx, message), cancellationToken).ConfigureAwait(false);
        NotifyAdded();
    }

    /// <summary>Tells the forwarder that entries were committed by another store's write.</summary>
    public void NotifyAdded() => Added?.Invoke(this, EventArgs.Empty);

    /// <summary>The oldest pending entries, in acceptance order (including ones waiting for a retry).</summary>
    public Task<IReadOnlyList<OutboxEntry>> ReadPendingAsync(int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<OutboxEntry>>(connection =>
        {
            using var command = connection.Command("""
                SELECT seq, message_id, kind, session_key, correlation_id, trace_parent, content_type, body, properties, created_at,
                       attempts, next_attempt_at
                FROM outbox WHERE state = 0 ORDER BY seq LIMIT $limit
                """).With("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<OutboxEntry>();
            while (reader.Read())
            {
                var message = new BusMessage
                {
                    MessageId = reader.GetString(1),
                    Kind = reader.GetString(2),
                    SessionKey = reader.GetString(3),
                    CorrelationId = reader.GetNullableString(4),
                    TraceParent = reader.GetNullableString(5),
                    ContentType = reader.GetString(6),
                    Body = (byte[])reader.GetValue(7),
                    Properties = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(8)) ?? [],
                    CreatedAt = UnixTime.FromUnix(reader.GetInt64(9)),
                };
                entries.Add(new OutboxEntry(reader.GetInt64(0), message, reader.GetInt32(10), UnixTime.FromUnix(reader.GetInt64(11))));
            }

            return entries;
        }, cancellationToken);

    /// <summary>Marks entries as published.</summary>
    public Task MarkSentAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnix();
        return database.WriteAsync(tx =>
        {
            using var command = tx.Command("UPDATE outbox SET state = 1, sent_at = $now, last_error = NULL WHERE message_id = $id AND state = 0");
            command.With("$now", now);
            var id = command.CreateParameter();
            id.ParameterName = "$id";
            command.Parameters.Add(id);
            foreach (var messageId in messageIds)
            {
                id.Value = messageId;
                command.ExecuteNonQuery();
            }
        }, cancellationToken);
    }

    /// <summary>Records a refused publish: retried at <paramref name="nextAttemptAt"/>, or parked.</summary>
    public Task RecordFailureAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool park, CancellationToken cancellationToken = default) =>
        database.WriteAsync(tx => tx.Command("""
                UPDATE outbox SET attempts = attempts + 1, last_error = $error, next_attempt_at = $next, state = $state
                WHERE message_id = $id AND state = 0
                """)
            .With("$id", messageId)
            .With("$error", error)
            .With("$next", nextAttemptAt.ToUnix())
            .With("$state", park ? EdgeSchema.Parked : EdgeSchema.Pending)
            .ExecuteOnce(), cancellationToken);

    public Task<QueueBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        BacklogQuery.ReadAsync(database, "outbox", "created_at", time, cancellationToken);

    public Task<IReadOnlyList<ParkedEntry>> ListParkedAsync(int limit, CancellationToken cancellationToken = default) =>
        BacklogQuery.ListParkedAsync(database, "outbox", "outbox", "message_id", "kind", "created_at", limit, cancellationToken);

    /// <summary>Counts by state, for tests and diagnostics.</summary>
    public Task<(long Pending, long Sent, long Parked)> CountAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.Command(
                "SELECT COALESCE(SUM(state = 0), 0), COALESCE(SUM(state = 1), 0), COALESCE(SUM(state = 2), 0) FROM outbox");
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }, cancellationToken);
}
