using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// A table store that runs <see cref="AfterNextGet"/> once, right after the next point read returns: another writer
/// getting in between a handler's read and its write, at exactly that moment instead of by chance.
/// </summary>
public sealed class InterleavingTableStore(ITableStore inner) : ITableStore
{
    public Func<Task>? AfterNextGet { get; set; }

    /// <summary>When set, only a read of this table runs <see cref="AfterNextGet"/>.</summary>
    public string? OfTable { get; set; }

    public async Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        var row = await inner.GetAsync(table, partitionKey, rowKey, cancellationToken);
        if (AfterNextGet is { } interleaved && (OfTable is null || OfTable == table))
        {
            AfterNextGet = null;
            await interleaved();
        }

        return row;
    }

    public Task EnsureTableAsync(string table, CancellationToken cancellationToken = default) => inner.EnsureTableAsync(table, cancellationToken);

    public IAsyncEnumerable<TableRow> QueryAsync(string table, TableQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(table, query, cancellationToken);

    public Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default) => inner.InsertAsync(table, row, cancellationToken);

    public Task<string> UpsertAsync(string table, TableRow row, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(table, row, mode, cancellationToken);

    public Task<string> UpdateAsync(string table, TableRow row, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(table, row, mode, cancellationToken);

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag = "*", CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(table, partitionKey, rowKey, etag, cancellationToken);

    public Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default) =>
        inner.SubmitTransactionAsync(table, operations, cancellationToken);
}
