using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Studies;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// What an MPPS the edge accepted does to the local worklist at once, without waiting for the cloud (which may be
/// unreachable for hours): the steps it names (<see cref="PerformedStepSelection"/>, the cloud's own rule) show as
/// STARTED while in progress, leave the worklist when COMPLETED and are SCHEDULED again when DISCONTINUED, so the
/// second CT room does not start the exam the first one is doing. The mark is local (<c>local_status</c>): the next
/// newer version from the cloud replaces it, the cloud's answer to this very MPPS included. Unlike the cloud, step IDs
/// that no cached item carries mark nothing here (<see cref="PerformedStepSelection.SelectNamed"/>): the edge cannot
/// see the steps the cloud already removed, and a wrong early mark is worse than waiting for the cloud.
/// </summary>
internal static class WorklistPerformedSteps
{
    public const string Completed = "COMPLETED";

    /// <summary>
    /// Marks the items <paramref name="mpps"/> performed, inside the transaction that stores it; returns the mark (null
    /// for a status that marks nothing) and how many items got it.
    /// </summary>
    public static (string? LocalStatus, int Marked) Apply(SqliteTransaction tx, MppsEvent mpps)
    {
        var localStatus = mpps.Status.Trim().ToUpperInvariant() switch
        {
            "IN PROGRESS" => "STARTED",
            "COMPLETED" => Completed,
            "DISCONTINUED" => "SCHEDULED",
            _ => null,
        };
        if (localStatus is null)
        {
            return (null, 0);
        }

        var performed = new List<WorklistItem>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var accession in mpps.AccessionNumbers.Distinct(StringComparer.Ordinal))
        {
            var items = Live(tx, "accession_number = $value", accession);
            if (items.Count > 0)
            {
                found.Add(accession);
                performed.AddRange(PerformedStepSelection.SelectNamed(items, PerformedStepSelection.ReferencesToAccession(mpps, accession), item => item));
            }
        }

        // As in the cloud: a modality that dropped the accession (or garbled it) kept the worklist item's study UID.
        foreach (var studyUid in mpps.StudyInstanceUids.Distinct(StringComparer.Ordinal))
        {
            if (PerformedStepSelection.ReferencesToStudy(mpps, studyUid, found) is { } unresolved)
            {
                var items = Live(tx, "json_extract(item_json, '$.studyInstanceUid') = $value", studyUid)
                    .Where(item => !found.Contains(item.AccessionNumber.Trim())).ToList();
                performed.AddRange(PerformedStepSelection.SelectNamed(items, unresolved, item => item));
            }
        }

        var marked = 0;
        foreach (var key in performed.Select(item => item.ItemKey).Distinct(StringComparer.Ordinal))
        {
            marked += tx.Command($"""
                UPDATE worklist SET local_status = $status
                WHERE item_key = $key AND removed = 0 AND local_status IS NOT '{Completed}'
                """).With("$key", key).With("$status", localStatus).ExecuteOnce();
        }

        return (localStatus, marked);
    }

    private static List<WorklistItem> Live(SqliteTransaction tx, string condition, string value)
    {
        // Locally completed items stay candidates: an MPPS naming one must not fall on its neighbours.
        using var command = tx.Command($"SELECT item_json FROM worklist WHERE removed = 0 AND {condition}")
            .With("$value", value);
        using var reader = command.ExecuteReader();
        var items = new List<WorklistItem>();
        while (reader.Read())
        {
            items.Add(JsonSerializer.Deserialize<WorklistItem>(reader.GetString(0), BusContractJson.Options)!);
        }

        return items;
    }
}
