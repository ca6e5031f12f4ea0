using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// Reads and writes patient partitions of the <c>Patients</c> table (partition <c>{tenant}|{patient}</c>): one query to
/// read, one transaction to write (a merge moving more than 100 rows takes several, the marker in the last). Every
/// write is conditional on the patient row's ETag, which is the partition's optimistic lock.
/// </summary>
public sealed class PatientPartitionStore(ITableStore tables)
{
    private static string Table => CloudResourceNames.Tables.Patients;

    public async Task<PatientPartition> LoadAsync(TenantId tenant, string patientKey, CancellationToken cancellationToken)
    {
        var partition = new PatientPartition(tenant, patientKey);
        var query = new TableQuery(PipelineKeys.Patient(tenant, patientKey)) { RowKeyFrom = PipelineKeys.OrderPrefix };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == PipelineKeys.PatientRow)
            {
                partition.Patient = Read<PatientRecord>(row);
                partition.PatientETag = row.ETag;
            }
            else if (row.RowKey.StartsWith(PipelineKeys.OrderPrefix, StringComparison.Ordinal))
            {
                var order = Read<OrderRecord>(row);
                partition.Orders[order.OrderKey] = order;
            }
            else if (row.RowKey.StartsWith(PipelineKeys.StepPrefix, StringComparison.Ordinal))
            {
                var step = Read<StepRecord>(row);
                partition.Steps[step.ItemKey] = step;
            }
            else if (row.RowKey.StartsWith(PipelineKeys.StudyLinkPrefix, StringComparison.Ordinal))
            {
                partition.StudyLinks.Add(row.GetString("StudyInstanceUid") ?? KeyPart.Decode(row.RowKey[PipelineKeys.StudyLinkPrefix.Length..]));
            }
        }

        return partition;
    }

    /// <summary>Only the patient row (merge chains, redirects), or null.</summary>
    public async Task<(PatientRecord? Patient, string? ETag)> GetPatientAsync(TenantId tenant, string patientKey, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(Table, PipelineKeys.Patient(tenant, patientKey), PipelineKeys.PatientRow, cancellationToken).ConfigureAwait(false);
        return row is null ? (null, null) : (Read<PatientRecord>(row), row.ETag);
    }

    /// <summary>The trace stored with a message's marker, or null when the message has no marker in this partition.</summary>
    public async Task<string?> GetMarkerTraceAsync(TenantId tenant, string patientKey, string messageId, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(Table, PipelineKeys.Patient(tenant, patientKey), PipelineKeys.Message(messageId), cancellationToken).ConfigureAwait(false);
        return row?.GetString("Trace") ?? (row is null ? null : string.Empty);
    }

    public async Task<PatientCommitResult> CommitAsync(PatientPartitionChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var partition = change.Partition;
        var partitionKey = PipelineKeys.Patient(partition.Tenant, partition.PatientKey);
        var rows = new List<TableOperation>();
        rows.AddRange(change.Orders.Select(o => TableOperation.Upsert(OrderRow(partitionKey, o), TableWriteMode.Replace)));
        rows.AddRange(change.Steps.Select(s => TableOperation.Upsert(StepRow(partitionKey, s), TableWriteMode.Replace)));
        rows.AddRange(change.AddedStudyLinks.Distinct(StringComparer.Ordinal).Select(uid => TableOperation.Upsert(
            new TableRow(partitionKey, PipelineKeys.StudyLink(uid)) { ["StudyInstanceUid"] = uid }, TableWriteMode.Replace)));
        rows.AddRange(change.Deletions.Select(key => TableOperation.Delete(partitionKey, key, "*")));

        // The patient row (and the marker in the last chunk) ride along in every chunk: at most 98 other rows each.
        const int perChunk = TenantPartitionLimit - 2;
        var etag = partition.PatientETag;
        var revision = partition.Patient?.Revision ?? 0;
        var chunks = rows.Count == 0 ? [[]] : rows.Chunk(perChunk).ToArray();
        for (var i = 0; i < chunks.Length; i++)
        {
            var last = i == chunks.Length - 1;
            var operations = new List<TableOperation>(chunks[i].Length + 2);
            var markerIndex = -1;
            if (last && change.MessageId is { } messageId)
            {
                markerIndex = operations.Count;
                operations.Add(TableOperation.Insert(new TableRow(partitionKey, PipelineKeys.Message(messageId))
                {
                    ["Trace"] = change.MarkerTrace is { Length: <= 30_000 } trace ? trace : null,
                    ["At"] = now,
                }));
            }

            var patientIndex = operations.Count;
            revision++;
            var patientRow = PatientRow(partitionKey, change.Patient with { Revision = revision, UpdatedAt = now });
            if (etag is null)
            {
                operations.Add(TableOperation.Insert(patientRow));
            }
            else
            {
                patientRow.ETag = etag;
                operations.Add(TableOperation.Update(patientRow, TableWriteMode.Replace));
            }

            operations.AddRange(chunks[i]);
            try
            {
                var etags = await tables.SubmitTransactionAsync(Table, operations, cancellationToken).ConfigureAwait(false);
                etag = etags[patientIndex];
            }
            catch (TableConflictException ex) when (ex.OperationIndex == markerIndex && markerIndex >= 0)
            {
                return PatientCommitResult.Duplicate;
            }
            catch (TableConflictException ex) when (ex.OperationIndex == patientIndex)
            {
                return PatientCommitResult.Conflict;
            }
        }

        partition.PatientETag = etag;
        partition.Patient = change.Patient with { Revision = revision, UpdatedAt = now };
        return PatientCommitResult.Committed;
    }

    /// <summary>Tenant-wide scan of step rows on the worklist (full sync, snapshots).</summary>
    public async IAsyncEnumerable<StepRecord> ListWorklistAsync(TenantId tenant,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new TableQuery(PipelineKeys.TenantPrefix(tenant))
        {
            PartitionKeyIsPrefix = true,
            RowKeyPrefix = PipelineKeys.StepPrefix,
            WhereEquals = new Dictionary<string, object>(StringComparer.Ordinal) { ["OnWorklist"] = true },
        };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            yield return Read<StepRecord>(row);
        }
    }

    /// <summary>Tenant-wide scan of open orders (watchdogs).</summary>
    public async IAsyncEnumerable<(string PatientKey, OrderRecord Order)> ListOrdersAsync(TenantId tenant, bool withoutImagesOnly,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = new Dictionary<string, object>(StringComparer.Ordinal);
        if (withoutImagesOnly)
        {
            filter["HasImages"] = false;
        }

        var query = new TableQuery(PipelineKeys.TenantPrefix(tenant))
        {
            PartitionKeyIsPrefix = true, RowKeyPrefix = PipelineKeys.OrderPrefix, WhereEquals = filter,
        };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            yield return (PipelineKeys.PatientKeyOf(row.PartitionKey), Read<OrderRecord>(row));
        }
    }

    private const int TenantPartitionLimit = 100;

    private static T Read<T>(TableRow row) =>
        JsonSerializer.Deserialize<T>(row.GetString("Data") ?? "null", BusContractJson.Options)
        ?? throw new InvalidOperationException($"Row {row} of table {Table} has no data.");

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, BusContractJson.Options);

    private static TableRow PatientRow(string partitionKey, PatientRecord patient) => new(partitionKey, PipelineKeys.PatientRow)
    {
        ["Data"] = Json(patient),
        ["MergedInto"] = patient.MergedInto,
        ["Revision"] = patient.Revision,
    };

    private static TableRow OrderRow(string partitionKey, OrderRecord order) => new(partitionKey, PipelineKeys.Order(order.OrderKey))
    {
        ["Data"] = Json(order),
        ["AccessionNumber"] = order.AccessionNumber,
        ["Status"] = order.Status,
        ["HasImages"] = order.LinkedStudies.Count > 0,
        ["ScheduledStart"] = order.ScheduledStart,
    };

    private static TableRow StepRow(string partitionKey, StepRecord step) => new(partitionKey, PipelineKeys.Step(step.ItemKey))
    {
        ["Data"] = Json(step),
        ["OnWorklist"] = step.OnWorklist,
        ["Status"] = step.Item.Status,
        ["ItemVersion"] = step.Version,
    };
}
