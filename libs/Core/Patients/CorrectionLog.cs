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
    // The tenant's last sequence number and time, in the corrections' own partition (a row key without '~', which
    // every correction's key has). Each correction is written in one transaction with the counter's next value over the
    // version it read, so correction n+1 is never visible before correction n: a cursor cannot pass over one still being
    // written, whichever host wrote it and whatever its clock said.
    private const string SequenceRowKey = "sequence";
    private const int MaxAttempts = 50;

    public async Task RecordAsync(TenantId tenant, string cause, string causeId, string studyUid, CorrectedPatient before, CorrectedPatient after,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        for (var attempt = 1; ; attempt++)
        {
            var counter = await tables.GetAsync(CloudResourceNames.Tables.Corrections, tenant.Value, SequenceRowKey, cancellationToken).ConfigureAwait(false);
            var sequence = (counter?.GetInt64("Sequence") ?? 0) + 1;
            var at = Later(time.GetUtcNow(), counter?.GetDateTimeOffset("At"));
            var row = new TableRow(tenant.Value, $"{KeyPart.Encode(causeId)}~{KeyPart.Encode(studyUid)}")
            {
                ["Cause"] = cause,
                ["CauseId"] = causeId,
                ["StudyInstanceUid"] = studyUid,
                ["OldPatientId"] = before.PatientId,
                ["NewPatientId"] = after.PatientId,
                ["OldPatientName"] = before.PatientName,
                ["NewPatientName"] = after.PatientName,
                ["OldIssuerOfPatientId"] = before.IssuerOfPatientId,
                ["NewIssuerOfPatientId"] = after.IssuerOfPatientId,
                ["OldPatientBirthDate"] = before.PatientBirthDate,
                ["NewPatientBirthDate"] = after.PatientBirthDate,
                ["OldPatientSex"] = before.PatientSex,
                ["NewPatientSex"] = after.PatientSex,
                ["At"] = at,
                ["Sequence"] = sequence,
            };
            var next = new TableRow(tenant.Value, SequenceRowKey) { ["Sequence"] = sequence, ["At"] = at, ETag = counter?.ETag };
            try
            {
                await tables.SubmitTransactionAsync(CloudResourceNames.Tables.Corrections,
                    [counter is null ? TableOperation.Insert(next) : TableOperation.Update(next, TableWriteMode.Replace), TableOperation.Upsert(row, TableWriteMode.Replace)],
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableConflictException) when (attempt < MaxAttempts)
            {
                // Another writer took this number: back off a little, randomly, and take the next one.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A writer whose clock is behind the last correction's stamps its own a millisecond later, so times, too, only grow
    // in commit order and a poller using the older since=<time> form skips nothing either (a millisecond survives any
    // store's date precision).
    private static DateTimeOffset Later(DateTimeOffset now, DateTimeOffset? last) =>
        last is { } previous && now <= previous ? previous.AddMilliseconds(1) : now;

    /// <summary>
    /// The tenant's corrections oldest first (the order to apply them in), for one study or all, after
    /// <paramref name="since"/> when given; at most <paramref name="take"/>, unless more share the last one's time (rows
    /// written before sequence numbers existed can). Corrections are rare, so the tenant's rows are read whole and ordered here.
    /// </summary>
    public async Task<IReadOnlyList<CorrectionEntry>> SearchAsync(TenantId tenant, string? studyUid, CorrectionCursor? since, int take,
        CancellationToken cancellationToken = default)
    {
        var query = new TableQuery(tenant.Value)
        {
            WhereEquals = studyUid is null ? null : new Dictionary<string, object> { ["StudyInstanceUid"] = studyUid },
        };
        var list = new List<CorrectionEntry>();
        await foreach (var row in tables.QueryAsync(CloudResourceNames.Tables.Corrections, query, cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == SequenceRowKey)
            {
                continue;
            }

            var entry = new CorrectionEntry(row.GetString("Cause") ?? string.Empty, row.GetString("CauseId") ?? string.Empty,
                row.GetString("StudyInstanceUid") ?? string.Empty, row.GetString("OldPatientId"), row.GetString("NewPatientId"),
                row.GetString("OldPatientName"), row.GetString("NewPatientName"), row.GetString("OldIssuerOfPatientId"),
                row.GetString("NewIssuerOfPatientId"), row.GetString("OldPatientBirthDate"), row.GetString("NewPatientBirthDate"),
                row.GetString("OldPatientSex"), row.GetString("NewPatientSex"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                row.GetInt64("Sequence") ?? 0);
            if (since is not { } cursor || cursor.IsBefore(entry))
            {
                list.Add(entry);
            }
        }

        // A page never ends between corrections of the same instant (a merge touching several studies): the next poll
        // asks for later ones than the last it got, and would skip the rest of that instant.
        var ordered = list.OrderBy(e => e.Sequence).ThenBy(e => e.At).ThenBy(e => e.CauseId, StringComparer.Ordinal).ThenBy(e => e.StudyInstanceUid, StringComparer.Ordinal).ToList();
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
            if (row.RowKey != SequenceRowKey)
            {
                list.Add(row);
            }
        }

        return list;
    }
}
