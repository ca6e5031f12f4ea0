using CloudRisPacs.Core.Messaging;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The outbound queue to the RIS, delivered strictly in arrival order. Delivery outcomes and the bus message that reports
/// them to the cloud are committed together, so a result is never reported twice or lost.
/// </summary>
public sealed class OutboundStore(EdgeDatabase database, OutboxStore outbox, TimeProvider time)
{
    /// <summary>Raised after a commit that added an item.</summary>
    public event EventHandler? Added;

    /// <summary>Queues <paramref name="item"/> unless an item with its id is already known (a redelivered bus message).</summary>
    public async Task<bool> EnqueueAsync(OutboundItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var added = await database.WriteAsync(tx => Insert(tx, item), cancellationToken).ConfigureAwait(false);
        if (added)
        {
            Added?.Invoke(this, EventArgs.Empty);
        }

        return added;
    }

    /// <summary>Queues <paramref name="item"/> inside an open write; false when its id is already known.</summary>
    internal static bool Insert(SqliteTransaction transaction, OutboundItem item) =>
        transaction.Command("""
            INSERT INTO outbound (outbound_id, kind, control_id, body, correlation_id, created_at)
            VALUES ($id, $kind, $control, $body, $correlation, $created)
            ON CONFLICT(outbound_id) DO NOTHING
            """)
            .With("$id", item.OutboundId)
            .With("$kind", item.Kind)
            .With("$control", item.ControlId)
            .With("$body", item.Body)
            .With("$correlation", item.CorrelationId)
            .With("$created", item.CreatedAt.ToUnix())
            .ExecuteOnce() == 1;

    internal void NotifyAdded() => Added?.Invoke(this, EventArgs.Empty);

    /// <summary>The oldest undelivered item (it blocks the ones after it), or null.</summary>
    public Task<OutboundItem?> ReadNextAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.Command("""
                SELECT outbound_id, kind, control_id, body, correlation_id, created_at, attempts, next_attempt_at
                FROM outbound WHERE state = 0 ORDER BY seq LIMIT 1
                """);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new OutboundItem(reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3),
                    reader.GetNullableString(4), UnixTime.FromUnix(reader.GetInt64(5)), reader.GetInt32(6), UnixTime.FromUnix(reader.GetInt64(7)))
                : null;
        }, cancellationToken);

    /// <summary>Marks the item delivered and queues <paramref name="report"/> (if any) for the cloud, in one commit.</summary>
    public async Task RecordDeliveredAsync(string outboundId, string code, int attempts, BusMessage? report, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnix();
        await database.WriteAsync(tx =>
        {
            tx.Command("""
                UPDATE outbound SET state = 1, attempts = $attempts, last_code = $code, last_error = NULL, finished_at = $now
                WHERE outbound_id = $id AND state = 0
                """).With("$id", outboundId).With("$attempts", attempts).With("$code", code).With("$now", now).ExecuteOnce();
            if (report is not null)
            {
                OutboxStore.Insert(tx, report);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (report is not null)
        {
            outbox.NotifyAdded();
        }
    }

    /// <summary>Records a failed attempt: retried at <paramref name="nextAttemptAt"/>, or parked (with its report) in one commit.</summary>
    public async Task RecordFailedAttemptAsync(string outboundId, string? code, string error, int attempts, DateTimeOffset nextAttemptAt,
        bool park, BusMessage? parkReport, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnix();
        await database.WriteAsync(tx =>
        {
            tx.Command("""
                UPDATE outbound SET attempts = $attempts, last_code = $code, last_error = $error, next_attempt_at = $next,
                       state = $state, finished_at = CASE WHEN $state = 2 THEN $now ELSE NULL END
                WHERE outbound_id = $id AND state = 0
                """)
                .With("$id", outboundId).With("$attempts", attempts).With("$code", code).With("$error", error)
                .With("$next", nextAttemptAt.ToUnix()).With("$state", park ? EdgeSchema.Parked : EdgeSchema.Pending).With("$now", now)
                .ExecuteOnce();
            if (park && parkReport is not null)
            {
                OutboxStore.Insert(tx, parkReport);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (park && parkReport is not null)
        {
            outbox.NotifyAdded();
        }
    }

    public Task<QueueBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        BacklogQuery.ReadAsync(database, "outbound", "created_at", time, cancellationToken);

    public Task<IReadOnlyList<ParkedEntry>> ListParkedAsync(int limit, CancellationToken cancellationToken = default) =>
        BacklogQuery.ListParkedAsync(database, "outbound", "outbound", "outbound_id", "kind", "created_at", limit, cancellationToken);

    /// <summary>The state of one item (0 pending, 1 delivered, 2 parked) and its attempts, or null; for tests and diagnostics.</summary>
    public Task<(int State, int Attempts, string? LastCode, string? LastError)?> GetStateAsync(string outboundId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<(int, int, string?, string?)?>(connection =>
        {
            using var command = connection.Command("SELECT state, attempts, last_code, last_error FROM outbound WHERE outbound_id = $id")
                .With("$id", outboundId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetNullableString(2), reader.GetNullableString(3)) : null;
        }, cancellationToken);
}
