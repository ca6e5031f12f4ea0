using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// What HL7 from the RIS does to the local worklist at once, without waiting for the cloud (which may be unreachable
/// for hours): an order cancelled, discontinued or completed leaves it, and a demographic correction shows on the
/// patient's items, so no modality starts a cancelled exam or burns the old name into its images. A mark is written in
/// the transaction that stores the message, so an acknowledged message has its mark. The cloud stays the authority:
/// a mark holds only for the item version it was made on (the cloud's next version replaces it, its answer to this
/// very message included), and only while its message waits in the outbox and for <see cref="Lifetime"/> after it was
/// sent; a message the bus refused (parked) or that was purged marks nothing any more.
/// </summary>
internal static class WorklistLocalMarks
{
    /// <summary>
    /// How long a mark outlives the sending of its message: the cloud answers with a newer version within seconds, so
    /// an item it still has at the marked version after this is one the cloud decided to keep (a stale or refused
    /// message, a cancel the tenant's own order status table reads otherwise).
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>The parameter <see cref="NotHidden"/> and <see cref="PatientOverlay"/> need: <see cref="SentSince"/>.</summary>
    public const string SentSinceParameter = "$markSentSince";

    // A mark in force for the worklist row being read: same item and version, its message unsent or sent lately.
    private const string InForce =
        "m.item_key = worklist.item_key AND m.version = worklist.version AND (o.state = 0 OR o.sent_at >= " + SentSinceParameter + ")";

    /// <summary>A condition on a <c>worklist</c> row: no mark in force hides it.</summary>
    public const string NotHidden =
        "NOT EXISTS (SELECT 1 FROM worklist_mark m JOIN outbox o ON o.seq = m.outbox_seq WHERE m.hidden = 1 AND " + InForce + ")";

    /// <summary>A column of a <c>worklist</c> row: the demographics of the latest mark in force (JSON), or null.</summary>
    public const string PatientOverlay =
        "(SELECT m.patient_json FROM worklist_mark m JOIN outbox o ON o.seq = m.outbox_seq WHERE m.patient_json IS NOT NULL AND " + InForce
        + " ORDER BY m.seq DESC LIMIT 1)";

    /// <summary>The value of <see cref="SentSinceParameter"/> at <paramref name="now"/>.</summary>
    public static long SentSince(DateTimeOffset now) => (now - Lifetime).ToUnix();

    /// <summary>
    /// Marks the items <paramref name="change"/> touches, inside the transaction that stores the message
    /// <paramref name="messageId"/>; returns how many items were hidden and how many got corrected demographics.
    /// </summary>
    public static (int Hidden, int Corrected) Apply(SqliteTransaction tx, LocalWorklistChange change, string messageId, DateTimeOffset now)
    {
        var outboxSeq = tx.Command("SELECT seq FROM outbox WHERE message_id = $id").With("$id", messageId).ScalarOnce();
        var sentSince = SentSince(now);
        var hidden = 0;
        foreach (var order in change.Withdrawn)
        {
            foreach (var (key, version, _, _) in Items(tx, change.PatientIds, order, sentSince))
            {
                hidden += Insert(tx, key, version, outboxSeq, hidden: true, patientJson: null, now);
            }
        }

        var corrected = 0;
        if (change.Demographics is { } demographics)
        {
            foreach (var (key, version, item, overlay) in Items(tx, change.PatientIds, order: null, sentSince))
            {
                var current = overlay ?? new PatientDemographics(item.PatientName, item.PatientBirthDate, item.PatientSex);
                var merged = PatientUpdates.Merge(current, demographics);
                corrected += Insert(tx, key, version, outboxSeq, hidden: false, JsonSerializer.Serialize(merged, BusContractJson.Options), now);
            }
        }

        return (hidden, corrected);
    }

    /// <summary>The item with the demographics of its mark (<see cref="PatientOverlay"/>), or as it is when there is none.</summary>
    public static WorklistItem Overlay(WorklistItem item, string? patientJson)
    {
        if (patientJson is null || JsonSerializer.Deserialize<PatientDemographics>(patientJson, BusContractJson.Options) is not { } patient)
        {
            return item;
        }

        return item with { PatientName = patient.Name, PatientBirthDate = patient.BirthDate, PatientSex = patient.Sex };
    }

    /// <summary>Deletes the marks that can never be in force again: their item has moved on, or their message is gone.</summary>
    public static int Purge(SqliteTransaction tx) =>
        tx.Command("""
            DELETE FROM worklist_mark
            WHERE outbox_seq NOT IN (SELECT seq FROM outbox)
               OR NOT EXISTS (SELECT 1 FROM worklist w WHERE w.item_key = worklist_mark.item_key AND w.version = worklist_mark.version AND w.removed = 0)
            """).ExecuteOnce();

    private static int Insert(SqliteTransaction tx, string key, long version, long outboxSeq, bool hidden, string? patientJson, DateTimeOffset now) =>
        tx.Command("""
            INSERT INTO worklist_mark (item_key, version, outbox_seq, hidden, patient_json, created_at)
            VALUES ($key, $version, $seq, $hidden, $patient, $now)
            """)
            .With("$key", key).With("$version", version).With("$seq", outboxSeq).With("$hidden", hidden ? 1 : 0)
            .With("$patient", patientJson).With("$now", now.ToUnix()).ExecuteOnce();

    // The live items of the patients (of the order, when one is given), each with the demographics a mark in force
    // shows for it. Items already hidden are skipped: a later correction cannot bring them back.
    private static List<(string Key, long Version, WorklistItem Item, PatientDemographics? Overlay)> Items(SqliteTransaction tx,
        IReadOnlyList<string> patientIds, WithdrawnOrder? order, long sentSince)
    {
        using var command = tx.Command($"""
            SELECT item_key, version, item_json, {PatientOverlay} FROM worklist
            WHERE removed = 0 AND patient_id IN (SELECT value FROM json_each($patients)) AND {NotHidden}
              AND ($all = 1 OR (
                    (accession_number IN (SELECT value FROM json_each($accessions))
                     OR ($placer IS NOT NULL AND trim(json_extract(item_json, '$.placerOrderNumber')) = $placer))
                    AND trim(coalesce(json_extract(item_json, '$.requestedProcedureId'), '')) = $procedure))
            """)
            .With("$patients", JsonSerializer.Serialize(patientIds)).With(SentSinceParameter, sentSince)
            .With("$all", order is null ? 1 : 0)
            .With("$accessions", JsonSerializer.Serialize(order?.AccessionNumbers ?? []))
            .With("$placer", order?.PlacerOrderNumber).With("$procedure", order?.RequestedProcedureId ?? string.Empty);
        using var reader = command.ExecuteReader();
        var items = new List<(string, long, WorklistItem, PatientDemographics?)>();
        while (reader.Read())
        {
            var item = JsonSerializer.Deserialize<WorklistItem>(reader.GetString(2), BusContractJson.Options)!;
            var overlay = reader.IsDBNull(3) ? null : JsonSerializer.Deserialize<PatientDemographics>(reader.GetString(3), BusContractJson.Options);
            items.Add((reader.GetString(0), reader.GetInt64(1), item, overlay));
        }

        return items;
    }
}
