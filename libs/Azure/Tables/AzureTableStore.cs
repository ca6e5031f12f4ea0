using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Azure.Tables;

/// <summary>
/// <see cref="ITableStore"/> on Azure Table Storage (and Azurite). Every request is counted in
/// <see cref="StorageRoundTrips"/> (queries: one per page); SDK-internal retries of a request are not counted.
/// </summary>
public sealed class AzureTableStore : ITableStore
{
    private readonly TableServiceClient service;
    private readonly StorageRoundTrips roundTrips;
    private readonly ConcurrentDictionary<string, TableClient> tables = new(StringComparer.Ordinal);

    public AzureTableStore(TableServiceClient service, StorageRoundTrips roundTrips)
    {
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        this.roundTrips = roundTrips ?? throw new ArgumentNullException(nameof(roundTrips));
    }

    public async Task EnsureTableAsync(string table, CancellationToken cancellationToken = default)
    {
        roundTrips.Record(StorageService.Table, "create-table");
        await Table(table).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        roundTrips.Record(StorageService.Table, "get");
        var response = await Table(table).GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? TableEntityMapper.FromEntity(response.Value!) : null;
    }

    public async IAsyncEnumerable<TableRow> QueryAsync(string table, TableQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Take is <= 0)
        {
            yield break;
        }

        var filter = TableFilterBuilder.Build(query);
        var pageSize = query.Take is { } take ? Math.Min(take, 1000) : 1000;
        var remaining = query.Take ?? int.MaxValue;
        var pages = Table(table).QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages();
        await foreach (var page in pages.ConfigureAwait(false))
        {
            roundTrips.Record(StorageService.Table, "query");
            foreach (var entity in page.Values)
            {
                yield return TableEntityMapper.FromEntity(entity);
                if (--remaining == 0)
                {
                    yield break;
                }
            }
        }
    }

    public async Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        TableTransactionRules.ValidateSingle(TableOperation.Insert(row));
        roundTrips.Record(StorageService.Table, "insert");
        try
        {
            var response = await Table(table).AddEntityAsync(TableEntityMapper.ToEntity(row), cancellationToken).ConfigureAwait(false);
            return ETagOf(response);
        }
        catch (RequestFailedException ex) when (Conflict(ex) is { } reason)
        {
            throw new TableConflictException(reason, table, row.PartitionKey, row.RowKey, null, ex);
        }
    }

    public async Task<string> UpsertAsync(string table, TableRow row, TableWriteMode mode = TableWriteMode.Merge,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        TableTransactionRules.ValidateSingle(TableOperation.Upsert(row, mode));
        roundTrips.Record(StorageService.Table, "upsert");
        var response = await Table(table).UpsertEntityAsync(TableEntityMapper.ToEntity(row), ToSdk(mode), cancellationToken)
            .ConfigureAwait(false);
        return ETagOf(response);
    }

    public async Task<string> UpdateAsync(string table, TableRow row, TableWriteMode mode = TableWriteMode.Merge,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        TableTransactionRules.ValidateSingle(TableOperation.Update(row, mode));
        roundTrips.Record(StorageService.Table, "update");
        try
        {
            var response = await Table(table)
                .UpdateEntityAsync(TableEntityMapper.ToEntity(row), TableEntityMapper.ToETag(row.ETag), ToSdk(mode), cancellationToken)
                .ConfigureAwait(false);
            return ETagOf(response);
        }
        catch (RequestFailedException ex) when (Conflict(ex) is { } reason)
        {
            throw new TableConflictException(reason, table, row.PartitionKey, row.RowKey, null, ex);
        }
    }

    public async Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag = "*",
        CancellationToken cancellationToken = default)
    {
        TableTransactionRules.ValidateSingle(TableOperation.Delete(partitionKey, rowKey, etag));
        roundTrips.Record(StorageService.Table, "delete");
        try
        {
            // The SDK reports a missing row as a 404 response rather than an exception.
            var response = await Table(table).DeleteEntityAsync(partitionKey, rowKey, TableEntityMapper.ToETag(etag), cancellationToken)
                .ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (Conflict(ex) is { } reason)
        {
            throw new TableConflictException(reason, table, partitionKey, rowKey, null, ex);
        }
    }

    public async Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableOperation> operations,
        CancellationToken cancellationToken = default)
    {
        TableTransactionRules.Validate(operations);
        var actions = operations.Select(ToAction).ToList();
        roundTrips.Record(StorageService.Table, "transaction");
        try
        {
            var response = await Table(table).SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value
                .Select((result, i) => operations[i].Kind == TableOperationKind.Delete ? null : result.Headers.ETag?.ToString())
                .ToList();
        }
        catch (TableTransactionFailedException ex) when (Conflict(ex) is { } reason && ex.FailedTransactionActionIndex is { } index)
        {
            var row = operations[index].Row;
            throw new TableConflictException(reason, table, row.PartitionKey, row.RowKey, index, ex);
        }
    }

    private TableClient Table(string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return tables.GetOrAdd(table, service.GetTableClient);
    }

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag for a write.");

    private static TableUpdateMode ToSdk(TableWriteMode mode) => mode == TableWriteMode.Merge ? TableUpdateMode.Merge : TableUpdateMode.Replace;

    private static TableTransactionAction ToAction(TableOperation operation)
    {
        var entity = TableEntityMapper.ToEntity(operation.Row);
        var etag = TableEntityMapper.ToETag(operation.Row.ETag);
        return operation.Kind switch
        {
            TableOperationKind.Insert => new TableTransactionAction(TableTransactionActionType.Add, entity),
            TableOperationKind.UpsertMerge => new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity),
            TableOperationKind.UpsertReplace => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            TableOperationKind.UpdateMerge => new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, etag),
            TableOperationKind.UpdateReplace => new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag),
            _ => new TableTransactionAction(TableTransactionActionType.Delete, entity, etag),
        };
    }

    private static TableConflictReason? Conflict(RequestFailedException ex) => ex.Status switch
    {
        409 when ex.ErrorCode is "EntityAlreadyExists" or null => TableConflictReason.EntityAlreadyExists,
        412 => TableConflictReason.ETagMismatch,
        404 when ex.ErrorCode is "ResourceNotFound" or "EntityNotFound" => TableConflictReason.EntityNotFound,
        _ => null,
    };
}
