using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The local worklist: the items modalities query, kept current by versioned changes from the cloud. A change applies
/// only when its version is newer than what the cache holds (a removal also at the same version), so late or
/// redelivered older changes never undo newer ones; removed items stay as tombstones carrying their version.
/// Snapshots (pushed in parts, or pulled over HTTP) replace the cache: items they lack are removed unless they changed
/// after the snapshot was asked for (a pushed one: when this agent queued its request; one it did not ask for removes
/// nothing). Such a removal (<c>removed = 2</c>) keeps the item's version but, unlike a removal from the cloud
/// (<c>removed = 1</c>), yields to an upsert at that same version: a snapshot that raced a change cannot hide an item for
/// good. An MPPS accepted here marks its steps at once (<see cref="WorklistPerformedSteps"/>), and so does HL7 from the
/// RIS (<see cref="WorklistLocalMarks"/>), until a newer version from the cloud replaces the mark.
/// </summary>
public sealed class WorklistCacheStore(EdgeDatabase database, TimeProvider time)
{
    private const string LastFullSyncKey = "worklist.last-full-sync";

    public Task<WorklistApplyResult> ApplyAsync(IReadOnlyList<WorklistItem> upserts, IReadOnlyList<WorklistRemoval> removals,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        var now = time.GetUtcNow().ToUnix();
        return database.WriteAsync(tx => Apply(tx, upserts, removals, now), cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="request"/> (<c>worklist.snapshot-requested</c>) in the outbox in place of any such request
    /// still pending: one snapshot answers them all, and an agent restarted during an outage would otherwise have the
    /// cloud send one for each start. The caller tells the forwarder (<see cref="OutboxStore.NotifyAdded"/>).
    /// </summary>
    public Task RequestSnapshotAsync(BusMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return database.WriteAsync(tx =>
        {
            tx.Command("DELETE FROM outbox WHERE kind = $kind AND state = $pending")
                .With("$kind", BusMessageKinds.WorklistSnapshotRequested).With("$pending", EdgeSchema.Pending).ExecuteOnce();
            OutboxStore.Insert(tx, request);
        }, cancellationToken);
    }

    /// <summary>
    /// Stores one part of a pushed snapshot; when it completes the snapshot, applies it in the same commit and returns
    /// the result (null while parts are missing).
    /// </summary>
    public Task<(WorklistApplyResult Result, int Items)?> AddSnapshotPartAsync(WorklistChange part, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(part);
        var snapshotId = part.SnapshotId ?? throw new ArgumentException("A snapshot part needs a SnapshotId.", nameof(part));
        var count = Math.Max(1, part.SnapshotPartCount);
        var now = time.GetUtcNow().ToUnix();
        return database.WriteAsync<(WorklistApplyResult, int)?>(tx =>
        {
            tx.Command("""
                INSERT INTO worklist_snapshot_parts (snapshot_id, part, part_count, body, received_at) VALUES ($id, $part, $count, $body, $now)
                ON CONFLICT(snapshot_id, part) DO NOTHING
                """)
                .With("$id", snapshotId).With("$part", part.SnapshotPart).With("$count", count)
                .With("$body", JsonSerializer.Serialize(part.Upserts, BusContractJson.Options)).With("$now", now).ExecuteOnce();
            var items = new List<WorklistItem>();
            using (var read = tx.Command("SELECT body FROM worklist_snapshot_parts WHERE snapshot_id = $id ORDER BY part").With("$id", snapshotId))
            using (var reader = read.ExecuteReader())
            {
                var parts = 0;
                while (reader.Read())
                {
                    parts++;
                    items.AddRange(JsonSerializer.Deserialize<List<WorklistItem>>(reader.GetString(0), BusContractJson.Options) ?? []);
                }

                if (parts < count)
                {
                    return null;
                }
            }

            tx.Command("DELETE FROM worklist_snapshot_parts WHERE snapshot_id = $id OR received_at < $stale")
                .With("$id", snapshotId).With("$stale", now - (long)TimeSpan.FromDays(1).TotalMilliseconds).ExecuteOnce();
            return (ReplaceWith(tx, items, RequestedAt(tx, snapshotId), now), items.Count);
        }, cancellationToken);
    }

    /// <summary>
    /// When this agent queued the request a snapshot answers (the cloud lists the worklist only after that), or, for a
    /// snapshot it did not ask for, the earliest possible time, so that its absences remove nothing. Not when its first
    /// part arrived: parts travel on the tenant's session and changes on the patient's, so a change made after the cloud
    /// listed the worklist can arrive first.
    /// </summary>
    private static long RequestedAt(SqliteTransaction tx, string snapshotId)
    {
        if (!snapshotId.EndsWith(WorklistChange.SnapshotIdSuffix, StringComparison.Ordinal))
        {
            return long.MinValue;
        }

        var requestedAt = tx.Command("SELECT created_at FROM outbox WHERE message_id = $request AND kind = $kind")
            .With("$request", snapshotId[..^WorklistChange.SnapshotIdSuffix.Length])
            .With("$kind", BusMessageKinds.WorklistSnapshotRequested).ExecuteScalarOnce();
        return requestedAt is long at ? at : long.MinValue;
    }

    /// <summary>Replaces the cache with a full list pulled at <paramref name="requestedAt"/> and records the sync time.</summary>
    public Task<WorklistApplyResult> ApplyFullSyncAsync(IReadOnlyList<WorklistItem> items, DateTimeOffset requestedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var now = time.GetUtcNow().ToUnix();
        return database.WriteAsync(tx =>
        {
            var result = ReplaceWith(tx, items, requestedAt.ToUnix(), now);
            tx.Command("INSERT INTO agent_state (name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
                .With("$name", LastFullSyncKey).With("$value", now.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExecuteOnce();
            return result;
        }, cancellationToken);
    }

    /// <summary>
    /// Live items (those a local MPPS completed or HL7 withdrew left out, the status and demographics marked locally
    /// shown), optionally narrowed by exact values of the indexed keys (null = any); the caller matches the rest.
    /// </summary>
    public Task<IReadOnlyList<WorklistItem>> QueryAsync(WorklistCandidateFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return database.ReadAsync<IReadOnlyList<WorklistItem>>(connection =>
        {
            using var command = connection.Command($"""
                SELECT item_json, local_status, {WorklistLocalMarks.PatientOverlay} FROM worklist
                WHERE removed = 0 AND local_status IS NOT $completed AND {WorklistLocalMarks.NotHidden}
                  AND ($patient IS NULL OR patient_id = $patient)
                  AND ($accession IS NULL OR accession_number = $accession)
                  AND ($modality IS NULL OR modality = $modality)
                  AND ($station IS NULL OR station_ae = $station)
                  AND ($from IS NULL OR start_date >= $from)
                  AND ($to IS NULL OR start_date <= $to)
                ORDER BY start_date, item_key
                LIMIT $limit
                """)
                .With("$patient", filter.PatientId).With("$accession", filter.AccessionNumber).With("$modality", filter.Modality)
                .With("$station", filter.StationAeTitle).With("$from", filter.StartDateFrom).With("$to", filter.StartDateTo)
                .With("$limit", filter.Limit).With("$completed", WorklistPerformedSteps.Completed)
                .With(WorklistLocalMarks.SentSinceParameter, WorklistLocalMarks.SentSince(time.GetUtcNow()));
            using var reader = command.ExecuteReader();
            var items = new List<WorklistItem>();
            while (reader.Read())
            {
                var item = WorklistLocalMarks.Overlay(JsonSerializer.Deserialize<WorklistItem>(reader.GetString(0), BusContractJson.Options)!,
                    reader.GetNullableString(2));
                items.Add(reader.IsDBNull(1) ? item : item with { Status = reader.GetString(1) });
            }

            return items;
        }, cancellationToken);
    }

    /// <summary>Live item count, and when the last full HTTP sync succeeded.</summary>
    public Task<(long Items, DateTimeOffset? LastFullSync)> GetSummaryAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<(long, DateTimeOffset?)>(connection =>
        {
            var count = connection.Command($"SELECT COUNT(*) FROM worklist WHERE removed = 0 AND local_status IS NOT $completed AND {WorklistLocalMarks.NotHidden}")
                .With("$completed", WorklistPerformedSteps.Completed)
                .With(WorklistLocalMarks.SentSinceParameter, WorklistLocalMarks.SentSince(time.GetUtcNow())).ScalarOnce();
            var last = connection.Command("SELECT value FROM agent_state WHERE name = $name").With("$name", LastFullSyncKey).ExecuteScalarOnce() as string;
            return (count, last is null ? null : UnixTime.FromUnix(long.Parse(last, System.Globalization.CultureInfo.InvariantCulture)));
        }, cancellationToken);

    /// <summary>The version the cache holds for an item (tombstones included), or null; for tests and diagnostics.</summary>
    public Task<(long Version, bool Removed)?> GetVersionAsync(string itemKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync<(long, bool)?>(connection =>
        {
            using var command = connection.Command("SELECT version, removed FROM worklist WHERE item_key = $key").With("$key", itemKey);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1) != 0) : null;
        }, cancellationToken);

    private static WorklistApplyResult Apply(SqliteTransaction tx, IReadOnlyList<WorklistItem> upserts, IReadOnlyList<WorklistRemoval> removals, long now)
    {
        int upserted = 0, removed = 0, ignored = 0;
        foreach (var item in upserts)
        {
            var changed = tx.Command("""
                INSERT INTO worklist (item_key, version, removed, patient_id, accession_number, modality, station_ae, start_date, item_json, updated_at)
                VALUES ($key, $version, 0, $patient, $accession, $modality, $station, $date, $json, $now)
                ON CONFLICT(item_key) DO UPDATE SET version = excluded.version, removed = 0, patient_id = excluded.patient_id,
                  accession_number = excluded.accession_number, modality = excluded.modality, station_ae = excluded.station_ae,
                  start_date = excluded.start_date, item_json = excluded.item_json, updated_at = excluded.updated_at, local_status = NULL
                WHERE excluded.version > worklist.version OR (excluded.version = worklist.version AND worklist.removed = 2)
                """)
                .With("$key", item.ItemKey).With("$version", item.Version).With("$patient", Key(item.PatientId))
                .With("$accession", Key(item.AccessionNumber)).With("$modality", Key(item.Modality)).With("$station", Key(item.ScheduledStationAeTitle))
                .With("$date", Key(item.ScheduledStartDate)).With("$json", JsonSerializer.Serialize(item, BusContractJson.Options)).With("$now", now)
                .ExecuteOnce();
            if (changed == 1)
            {
                upserted++;
            }
            else
            {
                ignored++;
            }
        }

        foreach (var removal in removals)
        {
            var changed = tx.Command("""
                INSERT INTO worklist (item_key, version, removed, updated_at) VALUES ($key, $version, 1, $now)
                ON CONFLICT(item_key) DO UPDATE SET version = excluded.version, removed = 1, item_json = NULL, updated_at = excluded.updated_at
                WHERE excluded.version >= worklist.version AND (worklist.removed <> 1 OR excluded.version > worklist.version)
                """)
                .With("$key", removal.ItemKey).With("$version", removal.Version).With("$now", now).ExecuteOnce();
            if (changed == 1)
            {
                removed++;
            }
            else
            {
                ignored++;
            }
        }

        return new WorklistApplyResult(upserted, removed, ignored);
    }

    /// <summary>
    /// A pre-filter column's value as the worklist data set carries it (<c>WorklistDataset</c> trims values), so that the
    /// exact SQL comparison finds what DICOM matching finds.
    /// </summary>
    private static string? Key(string? value) => value?.Trim();

    private static WorklistApplyResult ReplaceWith(SqliteTransaction tx, IReadOnlyList<WorklistItem> items, long startedAt, long now)
    {
        var applied = Apply(tx, items, [], now);
        var keys = JsonSerializer.Serialize(items.Select(i => i.ItemKey));
        var stale = tx.Command("""
            UPDATE worklist SET removed = 2, item_json = NULL, updated_at = $now
            WHERE removed = 0 AND updated_at < $started AND item_key NOT IN (SELECT value FROM json_each($keys))
            """).With("$now", now).With("$started", startedAt).With("$keys", keys).ExecuteOnce();
        return applied with { Removed = stale };
    }
}
