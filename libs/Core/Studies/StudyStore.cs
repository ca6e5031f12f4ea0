using System.Runtime.CompilerServices;
using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// The study index: <c>Studies</c> (partition <c>{tenant}|{study uid}</c>: <c>study</c>, <c>series|…</c>,
/// <c>instance|…</c>) and the SOP index <c>Instances</c> (partition <c>{tenant}</c>, row = SOP Instance UID).
/// Indexing an instance is one query and one transaction: the instance row is inserted (a redelivery conflicts and
/// changes nothing) together with the series and study counters, conditional on their ETags.
/// </summary>
public sealed class StudyStore(ITableStore tables)
{
    private static string Table => CloudResourceNames.Tables.Studies;

    private static string SopTable => CloudResourceNames.Tables.Instances;

    public async Task<StudySlice> LoadForInstanceAsync(TenantId tenant, string studyUid, string seriesUid, CancellationToken cancellationToken)
    {
        var slice = new StudySlice();
        var seriesKey = PipelineKeys.Series(seriesUid);
        var query = new TableQuery(PipelineKeys.Study(tenant, studyUid)) { RowKeyFrom = seriesKey };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == PipelineKeys.StudyRow)
            {
                slice.Study = Read<StudyRecord>(row);
                slice.StudyETag = row.ETag;
            }
            else if (row.RowKey == seriesKey)
            {
                slice.Series = Read<SeriesRecord>(row);
                slice.SeriesETag = row.ETag;
            }
        }

        return slice;
    }

    public async Task<(StudyRecord? Study, string? ETag)> GetStudyAsync(TenantId tenant, string studyUid, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(Table, PipelineKeys.Study(tenant, studyUid), PipelineKeys.StudyRow, cancellationToken).ConfigureAwait(false);
        return row is null ? (null, null) : (Read<StudyRecord>(row), row.ETag);
    }

    /// <summary>Writes the study row over the version <paramref name="etag"/>; false when it changed meanwhile.</summary>
    public async Task<bool> TryUpdateStudyAsync(TenantId tenant, StudyRecord study, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var row = StudyRow(tenant, study);
        row.ETag = etag;
        try
        {
            await tables.UpdateAsync(Table, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableConflictException)
        {
            return false;
        }
    }

    /// <summary>Reads, changes and writes the study row until the write wins; null when the study is not indexed.</summary>
    public async Task<StudyRecord?> UpdateStudyAsync(TenantId tenant, string studyUid, Func<StudyRecord, StudyRecord> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var (study, etag) = await GetStudyAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false);
            if (study is null || etag is null)
            {
                return null;
            }

            var changed = change(study);
            if (ReferenceEquals(changed, study) || changed == study)
            {
                return study;
            }

            if (await TryUpdateStudyAsync(tenant, changed, etag, cancellationToken).ConfigureAwait(false))
            {
                return changed;
            }
        }

        throw new TableConflictException($"Study {studyUid} kept changing while being updated; giving up for now.");
    }

    public async Task<PatientCommitResult> CommitInstanceAsync(TenantId tenant, InstanceRecord instance, StudySlice slice, StudyRecord study,
        SeriesRecord series, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(slice);
        var partition = PipelineKeys.Study(tenant, instance.StudyInstanceUid);
        var instanceRow = new TableRow(partition, PipelineKeys.Instance(instance.SeriesInstanceUid, instance.SopInstanceUid))
        {
            ["Data"] = Json(instance),
            ["IsReport"] = instance.IsStructuredReport,
        };
        var seriesRow = new TableRow(partition, PipelineKeys.Series(series.SeriesInstanceUid)) { ["Data"] = Json(series) };
        var studyRow = StudyRow(tenant, study);
        var operations = new List<TableOperation> { TableOperation.Insert(instanceRow) };
        operations.Add(slice.SeriesETag is null ? TableOperation.Insert(seriesRow) : TableOperation.Update(With(seriesRow, slice.SeriesETag), TableWriteMode.Replace));
        operations.Add(slice.StudyETag is null ? TableOperation.Insert(studyRow) : TableOperation.Update(With(studyRow, slice.StudyETag), TableWriteMode.Replace));
        try
        {
            await tables.SubmitTransactionAsync(Table, operations, cancellationToken).ConfigureAwait(false);
            return PatientCommitResult.Committed;
        }
        catch (TableConflictException ex) when (ex.OperationIndex == 0)
        {
            return PatientCommitResult.Duplicate;
        }
        catch (TableConflictException)
        {
            return PatientCommitResult.Conflict;
        }
    }

    public async Task UpsertSopIndexAsync(TenantId tenant, InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var row = new TableRow(tenant.Value, KeyPart.Encode(instance.SopInstanceUid))
        {
            ["Data"] = Json(instance),
            ["StudyInstanceUid"] = instance.StudyInstanceUid,
        };
        await tables.UpsertAsync(SopTable, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<InstanceRecord?> FindInstanceAsync(TenantId tenant, string sopInstanceUid, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(SopTable, tenant.Value, KeyPart.Encode(sopInstanceUid), cancellationToken).ConfigureAwait(false);
        return row is null ? null : Read<InstanceRecord>(row);
    }

    public async Task<IReadOnlyList<SeriesRecord>> ListSeriesAsync(TenantId tenant, string studyUid, CancellationToken cancellationToken)
    {
        var list = new List<SeriesRecord>();
        var query = new TableQuery(PipelineKeys.Study(tenant, studyUid)) { RowKeyPrefix = PipelineKeys.SeriesPrefix };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read<SeriesRecord>(row));
        }

        return list;
    }

    public async Task<IReadOnlyList<InstanceRecord>> ListReportsAsync(TenantId tenant, string studyUid, CancellationToken cancellationToken)
    {
        var list = new List<InstanceRecord>();
        var query = new TableQuery(PipelineKeys.Study(tenant, studyUid))
        {
            RowKeyPrefix = PipelineKeys.InstancePrefix,
            WhereEquals = new Dictionary<string, object>(StringComparer.Ordinal) { ["IsReport"] = true },
        };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read<InstanceRecord>(row));
        }

        return list;
    }

    /// <summary>Tenant-wide scan of study rows, optionally in one state (watchdogs, listings).</summary>
    public async IAsyncEnumerable<(StudyRecord Study, string ETag)> ListStudiesAsync(TenantId tenant, string? state,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = new Dictionary<string, object>(StringComparer.Ordinal);
        if (state is not null)
        {
            filter["State"] = state;
        }

        var query = new TableQuery(PipelineKeys.TenantPrefix(tenant)) { PartitionKeyIsPrefix = true, RowKeyPrefix = PipelineKeys.StudyRow, WhereEquals = filter };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            yield return (Read<StudyRecord>(row), row.ETag ?? "*");
        }
    }

    /// <summary>
    /// The unmatched studies (linked to no order, so reached by no patient's study links) acquired under the patient's id
    /// and owned by no other patient: a scan of the tenant's unmatched study rows, like the unmatched-study watchdog's.
    /// An issuer counts only when both the study and the patient have one.
    /// </summary>
    public async IAsyncEnumerable<string> ListUnmatchedStudiesOfAsync(TenantId tenant, PatientIdentity patient,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        await foreach (var (study, _) in ListStudiesAsync(tenant, StudyStates.Unmatched, cancellationToken).ConfigureAwait(false))
        {
            var sameIssuer = string.IsNullOrEmpty(study.IssuerOfPatientId) || patient.Issuer.Length == 0
                || string.Equals(study.IssuerOfPatientId, patient.Issuer, StringComparison.OrdinalIgnoreCase);
            if (study.PatientId == patient.Id && sameIssuer && (study.PatientKey is null || study.PatientKey == patient.Key))
            {
                yield return study.StudyInstanceUid;
            }
        }
    }

    private static TableRow With(TableRow row, string etag)
    {
        row.ETag = etag;
        return row;
    }

    private static TableRow StudyRow(TenantId tenant, StudyRecord study) => new(PipelineKeys.Study(tenant, study.StudyInstanceUid), PipelineKeys.StudyRow)
    {
        ["Data"] = Json(study),
        ["State"] = study.State,
        ["LastInstanceAt"] = study.LastInstanceAt,
        ["Completed"] = study.CompletionSentAt is not null,
    };

    private static T Read<T>(TableRow row) =>
        JsonSerializer.Deserialize<T>(row.GetString("Data") ?? "null", BusContractJson.Options)
        ?? throw new InvalidOperationException($"Row {row} of the study index has no data.");

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, BusContractJson.Options);
}
