using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// Correction records (<c>Corrections</c> table, partition <c>{tenant}</c>): a study's patient attributes changed in
/// the index because of a demographic update, a merge or reconciliation, so the PACS (and whoever reads studies) can
/// apply the same change to the stored instances. Keyed by cause and study, so a redelivery writes the same row.
/// </summary>
public sealed class CorrectionLog(ITableStore tables, TimeProvider time)
{
    public async Task RecordAsync(TenantId tenant, string cause, string causeId, string studyUid, string? oldPatientId, string? newPatientId,
        string? oldName, string? newName, CancellationToken cancellationToken)
    {
        var row = new TableRow(tenant.Value, $"{KeyPart.Encode(causeId)}~{KeyPart.Encode(studyUid)}")
        {
            ["Cause"] = cause,
            ["CauseId"] = causeId,
            ["StudyInstanceUid"] = studyUid,
            ["OldPatientId"] = oldPatientId,
            ["NewPatientId"] = newPatientId,
            ["OldPatientName"] = oldName,
            ["NewPatientName"] = newName,
            ["At"] = time.GetUtcNow(),
        };
        await tables.UpsertAsync(CloudResourceNames.Tables.Corrections, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The tenant's corrections oldest first (the order to apply them in), for one study or all, after
    /// <paramref name="since"/> when given; at most <paramref name="take"/>, unless more share the last one's time. Corrections
    /// are rare, so the tenant's rows are read whole and ordered here.
    /// </summary>
    public async Task<IReadOnlyList<CorrectionEntry>> SearchAsync(TenantId tenant, string? studyUid, DateTimeOffset? since, int take,
        CancellationToken cancellationToken = default)
    {
        var query = new TableQuery(tenant.Value)
        {
            WhereEquals = studyUid is null ? null : new Dictionary<string, object> { ["StudyInstanceUid"] = studyUid },
        };
        var list = new List<CorrectionEntry>();
        await foreach (var row in tables.QueryAsync(CloudResourceNames.Tables.Corrections, query, cancellationToken).ConfigureAwait(false))
        {
            var entry = new CorrectionEntry(row.GetString("Cause") ?? string.Empty, row.GetString("CauseId") ?? string.Empty,
                row.GetString("StudyInstanceUid") ?? string.Empty, row.GetString("OldPatientId"), row.GetString("NewPatientId"),
                row.GetString("OldPatientName"), row.GetString("NewPatientName"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);
            if (since is null || entry.At > since)
            {
                list.Add(entry);
            }
        }

        // A page never ends between corrections of the same instant (a merge touching several studies): the next poll
        // asks for later ones than the last it got, and would skip the rest of that instant.
        var ordered = list.OrderBy(e => e.At).ThenBy(e => e.CauseId, StringComparer.Ordinal).ThenBy(e => e.StudyInstanceUid, StringComparer.Ordinal).ToList();
        var count = Math.Min(take, ordered.Count);
        while (count > 0 && count < ordered.Count && ordered[count].At == ordered[count - 1].At)
        {
            count++;
        }

        return ordered[..count];
    }

    public async Task<IReadOnlyList<TableRow>> ListAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var list = new List<TableRow>();
        await foreach (var row in tables.QueryAsync(CloudResourceNames.Tables.Corrections, new TableQuery(tenant.Value), cancellationToken).ConfigureAwait(false))
        {
            list.Add(row);
        }

        return list;
    }
}
