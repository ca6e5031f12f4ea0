using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// Received HL7 messages: each commit puts the message in the outbox, its duplicate-detection record and its marks on
/// the local worklist (<see cref="WorklistLocalMarks"/>) in one transaction, so a message is either fully taken (and
/// may be acknowledged) or not at all.
/// </summary>
public sealed class InboundHl7Store(EdgeDatabase database, OutboxStore outbox)
{
    /// <summary>Appended to the message id of an acceptance that follows a refusal of the same bytes.</summary>
    public const string AcceptedAfterRefusalSuffix = "-accepted";

    /// <summary>
    /// Commits the message unless the same one (same sender, MSH-10 and bytes, hence the same message id) is already
    /// stored; returns its message id and whether it was a duplicate. A message is a duplicate of an accepted one, or
    /// (when refused) of any; a message accepted after the same bytes were refused is committed under
    /// <see cref="AcceptedAfterRefusalSuffix"/> and forwarded. Completes only after the commit is durable.
    /// </summary>
    public async Task<(string MessageId, bool IsDuplicate)> RecordAsync(InboundHl7Record record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var result = await database.WriteAsync(tx => Record(tx, record), cancellationToken).ConfigureAwait(false);
        if (!result.IsDuplicate)
        {
            outbox.NotifyAdded();
        }

        return result;
    }

    /// <summary>The stored message a <c>hl7.outcome</c> refers to, or null when unknown (or purged).</summary>
    public Task<StoredInboundHl7?> FindAsync(string messageId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.Command("""
                SELECT o.message_id, h.control_id, h.ack_mode, h.application_ack_type, h.accepted, h.outcome_code, o.correlation_id, o.body
                FROM outbox o JOIN hl7_inbound h ON h.outbox_seq = o.seq WHERE o.message_id = $id
                """).With("$id", messageId);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new StoredInboundHl7(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetInt64(4) == 1, reader.GetNullableString(5), reader.GetNullableString(6), (byte[])reader.GetValue(7))
                : null;
        }, cancellationToken);

    /// <summary>
    /// Records the cloud's outcome and queues the application ACK for the RIS (when one is due) in one commit; false when
    /// the outcome was already recorded (a redelivered <c>hl7.outcome</c>), in which case nothing is queued again.
    /// </summary>
    public Task<bool> RecordOutcomeAsync(string messageId, string code, OutboundItem? applicationAck, CancellationToken cancellationToken = default) =>
        database.WriteAsync(tx =>
        {
            var first = tx.Command("""
                UPDATE hl7_inbound SET outcome_code = $code
                WHERE outbox_seq = (SELECT seq FROM outbox WHERE message_id = $id) AND outcome_code IS NULL
                """)
                .With("$id", messageId).With("$code", code).ExecuteOnce() == 1;
            if (first && applicationAck is not null)
            {
                OutboundStore.Insert(tx, applicationAck);
            }

            return first;
        }, cancellationToken);

    private static (string MessageId, bool IsDuplicate) Record(SqliteTransaction transaction, InboundHl7Record record)
    {
        var message = record.Message;
        var held = AcceptedFlag(transaction, message.MessageId);
        if (held is not null)
        {
            // A message refused once and valid now (the agent was upgraded or reconfigured) is a new acceptance, not a
            // duplicate: it gets an id of its own, because the refusal already went to the cloud under the first one and
            // the bus's duplicate detection would drop an acceptance under the same id.
            if (held.Value || !record.Accepted)
            {
                return (message.MessageId, true);
            }

            message = message with { MessageId = message.MessageId + AcceptedAfterRefusalSuffix };
            if (AcceptedFlag(transaction, message.MessageId) is not null)
            {
                return (message.MessageId, true);
            }
        }

        OutboxStore.Insert(transaction, message);
        transaction.Prepared("""
            INSERT INTO hl7_inbound (outbox_seq, control_id, sender, ack_mode, application_ack_type, accepted, peer, received_at)
            VALUES (last_insert_rowid(), $control, $sender, $mode, $appAck, $accepted, $peer, $received)
            """)
            .With("$control", record.ControlId)
            .With("$sender", record.Sender)
            .With("$mode", record.AckMode)
            .With("$appAck", record.ApplicationAckType)
            .With("$accepted", record.Accepted ? 1 : 0)
            .With("$peer", record.Peer)
            .With("$received", record.ReceivedAt.ToUnix())
            .ExecuteNonQuery();
        if (record.WorklistChange is { } change)
        {
            WorklistLocalMarks.Apply(transaction, change, message.MessageId, record.ReceivedAt);
        }

        return (message.MessageId, false);
    }

    // Whether the row holding this message id was accepted; null when there is none. An outbox row whose HL7 record
    // is gone counts as accepted, so it stays a duplicate as before.
    private static bool? AcceptedFlag(SqliteTransaction transaction, string messageId) =>
        transaction.Prepared("SELECT coalesce(h.accepted, 1) FROM outbox o LEFT JOIN hl7_inbound h ON h.outbox_seq = o.seq WHERE o.message_id = $id")
            .With("$id", messageId).ExecuteScalar() is long accepted ? accepted == 1 : null;
}
