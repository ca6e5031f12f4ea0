namespace CloudRisPacs.Edge.Storage;

/// <summary>Deletes finished records (sent, delivered, uploaded) older than the retention; pending and parked ones stay.</summary>
public sealed class HistoryPurge(EdgeDatabase database)
{
    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        var cutoff = olderThan.ToUnix();
        return database.WriteAsync(tx =>
        {
            tx.Command("DELETE FROM hl7_inbound WHERE outbox_seq IN (SELECT seq FROM outbox WHERE state = 1 AND created_at < $cutoff)")
                .With("$cutoff", cutoff).ExecuteOnce();
            var removed = tx.Command("DELETE FROM outbox WHERE state = 1 AND created_at < $cutoff").With("$cutoff", cutoff).ExecuteOnce();
            removed += tx.Command("DELETE FROM outbound WHERE state = 1 AND created_at < $cutoff").With("$cutoff", cutoff).ExecuteOnce();
            removed += tx.Command("DELETE FROM spool WHERE state = 1 AND received_at < $cutoff").With("$cutoff", cutoff).ExecuteOnce();
            removed += tx.Command("DELETE FROM commitment WHERE state = 1 AND received_at < $cutoff").With("$cutoff", cutoff).ExecuteOnce();
            removed += tx.Command("DELETE FROM worklist WHERE removed <> 0 AND updated_at < $cutoff").With("$cutoff", cutoff).ExecuteOnce();
            removed += WorklistLocalMarks.Purge(tx);
            return removed;
        }, cancellationToken);
    }
}
