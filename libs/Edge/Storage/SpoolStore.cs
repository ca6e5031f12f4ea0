using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Edge.Storage;

/// <summary>The spool index: one row per received instance file, pending until uploaded (and announced) or parked.</summary>
public sealed class SpoolStore(EdgeDatabase database, OutboxStore outbox, TimeProvider time)
{
    /// <summary>Raised after an instance was committed.</summary>
    public event EventHandler? Added;

    /// <summary>
    /// Indexes a spooled file. The file itself (fsync'd, in its final place, its directory fsync'd) is the durable record
    /// of the instance, so the row does not wait for an fsync of its own (<see cref="EdgeDatabase.WriteRebuildableAsync"/>):
    /// a row a power loss takes is rebuilt from the file by <see cref="Spool.DicomSpool.RecoverAsync"/>. Indexing a file
    /// twice keeps the first row.
    /// </summary>
    public async Task AddAsync(SpoolEntry entry, CancellationToken cancellationToken = default)
    {
        await Insert(entry, cancellationToken).ConfigureAwait(false);
        Added?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// <see cref="AddAsync"/> for a thread that may block: an association's own transport thread, which then waits for
    /// the database's writer directly. Awaiting would resume on a thread-pool thread, which would wake this one: a
    /// hand-off more per instance.
    /// </summary>
    public void Add(SpoolEntry entry)
    {
        Insert(entry, CancellationToken.None).GetAwaiter().GetResult();
        Added?.Invoke(this, EventArgs.Empty);
    }

    private Task Insert(SpoolEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteRebuildableAsync(tx => tx.Prepared("""
                INSERT INTO spool (file_name, sop_instance_uid, sop_class_uid, study_uid, series_uid, transfer_syntax_uid, patient_id,
                                   size_bytes, calling_ae, called_ae, correlation_id, received_at)
                VALUES ($file, $sop, $class, $study, $series, $syntax, $patient, $size, $calling, $called, $correlation, $received)
                ON CONFLICT (file_name) DO NOTHING
                """)
            .With("$file", entry.FileName).With("$sop", entry.SopInstanceUid).With("$class", entry.SopClassUid)
            .With("$study", entry.StudyInstanceUid).With("$series", entry.SeriesInstanceUid).With("$syntax", entry.TransferSyntaxUid)
            .With("$patient", entry.PatientId).With("$size", entry.SizeBytes).With("$calling", entry.CallingAeTitle)
            .With("$called", entry.CalledAeTitle).With("$correlation", entry.CorrelationId).With("$received", entry.ReceivedAt.ToUnix())
            .ExecuteNonQuery(), cancellationToken);
    }

    /// <summary>The oldest pending entries, in arrival order (including ones waiting for a retry).</summary>
    public Task<IReadOnlyList<SpoolEntry>> ReadPendingAsync(int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<SpoolEntry>>(connection =>
        {
            using var command = connection.Command("""
                SELECT file_name, sop_instance_uid, sop_class_uid, study_uid, series_uid, transfer_syntax_uid, patient_id, size_bytes,
                       calling_ae, called_ae, correlation_id, received_at, seq, attempts, next_attempt_at
                FROM spool WHERE state = 0 ORDER BY seq LIMIT $limit
                """).With("$limit", limit);
            using var reader = command.ExecuteReader();
            var list = new List<SpoolEntry>();
            while (reader.Read())
            {
                list.Add(new SpoolEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetNullableString(6), reader.GetInt64(7), reader.GetNullableString(8), reader.GetNullableString(9),
                    reader.GetNullableString(10) ?? string.Empty, UnixTime.FromUnix(reader.GetInt64(11)), reader.GetInt64(12), reader.GetInt32(13),
                    UnixTime.FromUnix(reader.GetInt64(14))));
            }

            return list;
        }, cancellationToken);

    /// <summary>
    /// Marks the instance uploaded and queues its <c>dicom.instance-stored</c> message, in one commit, which also releases
    /// a storage commitment request that waited only for this instance (<see cref="CommitmentWaits"/>).
    /// </summary>
    public async Task MarkUploadedAsync(long sequence, BusMessage instanceStored, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await database.WriteAsync(tx =>
        {
            tx.Prepared("UPDATE spool SET state = 1, uploaded_at = $now, last_error = NULL WHERE seq = $seq AND state = 0")
                .With("$seq", sequence).With("$now", now.ToUnix()).ExecuteNonQuery();
            OutboxStore.Insert(tx, instanceStored);
            CommitmentWaits.Release(tx, sequence, now);
        }, cancellationToken).ConfigureAwait(false);
        outbox.NotifyAdded();
    }

    /// <summary>
    /// Records a failed upload: tried again at <paramref name="nextAttemptAt"/>, or parked, which also releases a storage
    /// commitment request that waited for it (the cloud then judges the instance, which is not coming).
    /// </summary>
    public async Task RecordFailureAsync(long sequence, string error, DateTimeOffset nextAttemptAt, bool park, CancellationToken cancellationToken = default)
    {
        var released = await database.WriteAsync(tx =>
        {
            tx.Command("""
                    UPDATE spool SET attempts = attempts + 1, last_error = $error, next_attempt_at = $next, state = $state
                    WHERE seq = $seq AND state = 0
                    """)
                .With("$seq", sequence).With("$error", error).With("$next", nextAttemptAt.ToUnix())
                .With("$state", park ? EdgeSchema.Parked : EdgeSchema.Pending).ExecuteOnce();
            return park && CommitmentWaits.Release(tx, sequence, time.GetUtcNow());
        }, cancellationToken).ConfigureAwait(false);
        if (released)
        {
            outbox.NotifyAdded();
        }
    }

    /// <summary>Every indexed file name, mapped to whether the spool must keep the file (pending or parked, not uploaded).</summary>
    public Task<IReadOnlyDictionary<string, bool>> ListFilesAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyDictionary<string, bool>>(connection =>
        {
            using var command = connection.Command("SELECT file_name, state <> 1 FROM spool");
            using var reader = command.ExecuteReader();
            var files = new Dictionary<string, bool>(StringComparer.Ordinal);
            while (reader.Read())
            {
                files[reader.GetString(0)] = reader.GetBoolean(1);
            }

            return files;
        }, cancellationToken);

    public Task<QueueBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        BacklogQuery.ReadAsync(database, "spool", "received_at", time, cancellationToken);

    public Task<IReadOnlyList<ParkedEntry>> ListParkedAsync(int limit, CancellationToken cancellationToken = default) =>
        BacklogQuery.ListParkedAsync(database, "spool", "spool", "sop_instance_uid", "sop_class_uid", "received_at", limit, cancellationToken);
}
