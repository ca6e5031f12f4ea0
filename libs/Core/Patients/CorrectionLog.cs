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
