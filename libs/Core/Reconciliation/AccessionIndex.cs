using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Reconciliation;

/// <summary>
/// Reads and writes the accession (<c>acc|…</c>) and study UID (<c>uid|…</c>) index rows in the tenant's
/// <c>MessageTrace</c> partition. Order ingestion claims new accessions with inserts in the same transaction as the
/// message's trace rows, so the common case costs no extra round-trip; a failed insert means someone (a study, another
/// order, another patient) has the accession and the careful path decides.
/// </summary>
public sealed class AccessionIndex(ITableStore tables)
{
    private static string Table => CloudResourceNames.Tables.MessageTrace;

    public async Task<AccessionEntry?> GetAsync(TenantId tenant, string accession, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(Table, PipelineKeys.Tenant(tenant), PipelineKeys.Accession(accession), cancellationToken).ConfigureAwait(false);
        return row is null ? null : FromRow(accession, row);
    }

    /// <summary>Writes the entry: insert when it has no ETag, else conditional update. False when someone else wrote first.</summary>
    public async Task<bool> TryWriteAsync(TenantId tenant, AccessionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = ToRow(tenant, entry);
        try
        {
            if (entry.ETag is null)
            {
                await tables.InsertAsync(Table, row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                row.ETag = entry.ETag;
                await tables.UpdateAsync(Table, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (TableConflictException)
        {
            return false;
        }
    }

    /// <summary>Reads, changes and writes an entry until the write wins (optimistic concurrency).</summary>
    public async Task<AccessionEntry> UpdateAsync(TenantId tenant, string accession, Func<AccessionEntry, AccessionEntry> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await GetAsync(tenant, accession, cancellationToken).ConfigureAwait(false)
                ?? new AccessionEntry { AccessionNumber = accession };
            var changed = change(current) with { ETag = current.ETag };
            if (await TryWriteAsync(tenant, changed, cancellationToken).ConfigureAwait(false))
            {
                return changed;
            }
        }

        throw new TableConflictException($"The index row of accession '{accession}' kept changing; giving up for now.");
    }

    /// <summary>The insert that claims a new accession for its orders (one message may order several under it), for the ingestion transaction.</summary>
    public static TableOperation ClaimOperation(TenantId tenant, string accession, string patientKey, IReadOnlyList<string> orderKeys, DateTimeOffset claimedAt) =>
        TableOperation.Insert(ToRow(tenant, new AccessionEntry
        {
            AccessionNumber = accession, PatientKey = patientKey, OrderKeys = orderKeys, ClaimedAt = claimedAt,
        }));

    /// <summary>
    /// The upsert of a study UID → order row, for matching by Study Instance UID. One row per order: a RIS that puts
    /// several requested procedures into one study schedules that study for each of them.
    /// </summary>
    public static TableOperation StudyUidOperation(TenantId tenant, string studyUid, string patientKey, string orderKey, string accession) =>
        TableOperation.Upsert(new TableRow(PipelineKeys.Tenant(tenant), $"{PipelineKeys.StudyUid(studyUid)}|{KeyPart.Encode(orderKey)}")
        {
            ["PatientKey"] = patientKey,
            ["OrderKey"] = orderKey,
            ["AccessionNumber"] = accession,
        }, TableWriteMode.Replace);

    /// <summary>The orders that scheduled <paramref name="studyUid"/>, each once.</summary>
    public async Task<IReadOnlyList<ScheduledStudyOrder>> FindByStudyUidAsync(TenantId tenant, string studyUid, CancellationToken cancellationToken)
    {
        // Rows written before one row per order was kept have the study's key alone; the encoded UID contains no '|'.
        var key = PipelineKeys.StudyUid(studyUid);
        var found = new List<ScheduledStudyOrder>();
        await foreach (var row in tables.QueryAsync(Table, new TableQuery(PipelineKeys.Tenant(tenant)) { RowKeyPrefix = key }, cancellationToken).ConfigureAwait(false))
        {
            if ((row.RowKey == key || row.RowKey.StartsWith(key + "|", StringComparison.Ordinal))
                && row.GetString("OrderKey") is { Length: > 0 } orderKey && row.GetString("PatientKey") is { Length: > 0 } patientKey)
            {
                found.Add(new ScheduledStudyOrder(patientKey, orderKey, row.GetString("AccessionNumber") ?? string.Empty));
            }
        }

        // A legacy row and the per-order row of the same order: the per-order one is the newer (a merge rewrites it).
        return found.GroupBy(o => o.OrderKey, StringComparer.Ordinal).Select(g => g.Last()).ToList();
    }

    private static TableRow ToRow(TenantId tenant, AccessionEntry entry) => new(PipelineKeys.Tenant(tenant), PipelineKeys.Accession(entry.AccessionNumber))
    {
        ["AccessionNumber"] = entry.AccessionNumber,
        ["PatientKey"] = entry.PatientKey,
        ["OrderKeys"] = JsonSerializer.Serialize(entry.OrderKeys, BusContractJson.Options),
        ["StudyUids"] = JsonSerializer.Serialize(entry.StudyUids, BusContractJson.Options),
        ["ClaimedAt"] = entry.ClaimedAt,
    };

    private static AccessionEntry FromRow(string accession, TableRow row) => new()
    {
        AccessionNumber = row.GetString("AccessionNumber") ?? accession,
        PatientKey = row.GetString("PatientKey") ?? string.Empty,
        OrderKeys = JsonSerializer.Deserialize<string[]>(row.GetString("OrderKeys") ?? "[]", BusContractJson.Options) ?? [],
        StudyUids = JsonSerializer.Deserialize<string[]>(row.GetString("StudyUids") ?? "[]", BusContractJson.Options) ?? [],
        ClaimedAt = row.GetDateTimeOffset("ClaimedAt"),
        ETag = row.ETag,
    };
}
