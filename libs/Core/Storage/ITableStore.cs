namespace CloudRisPacs.Core.Storage;

/// <summary>
/// A small entity store over Azure Table Storage. Every write returns the new ETag; conditional writes take the
/// ETag from <see cref="TableRow.ETag"/> (<c>*</c> for any version) and throw <see cref="TableConflictException"/>
/// when the row changed, exists or is missing. Each method is one request (queries: one per page), counted in
/// <see cref="StorageRoundTrips"/> so benchmarks can report round-trips per message.
/// </summary>
public interface ITableStore
{
    /// <summary>Creates the table when it does not exist (local mode; in Azure the infrastructure creates them).</summary>
    Task EnsureTableAsync(string table, CancellationToken cancellationToken = default);

    /// <summary>The row, or null when there is none.</summary>
    Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Rows of one partition in row-key order, filtered as <paramref name="query"/> says.</summary>
    IAsyncEnumerable<TableRow> QueryAsync(string table, TableQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds a new row; <see cref="TableConflictException"/> (<see cref="TableConflictReason.EntityAlreadyExists"/>) when it exists.</summary>
    Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default);

    /// <summary>Inserts or merges/replaces, unconditionally. The row must carry no ETag (it would be ignored).</summary>
    Task<string> UpsertAsync(string table, TableRow row, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Writes over the version <see cref="TableRow.ETag"/> names; throws <see cref="TableConflictException"/> otherwise.</summary>
    Task<string> UpdateAsync(string table, TableRow row, TableWriteMode mode = TableWriteMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the row if its ETag matches (<c>*</c>: any version). Returns false when there was no row;
    /// throws <see cref="TableConflictException"/> when the row exists in another version.
    /// </summary>
    Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string etag = "*", CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the operations atomically (all or none) in one request. Azure's rules are checked first
    /// (<see cref="TableTransactionRules"/>): a breach throws <see cref="TableTransactionRuleException"/> before
    /// anything is sent. Returns the new ETag of each operation, in order (null for deletes).
    /// </summary>
    Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableOperation> operations,
        CancellationToken cancellationToken = default);
}
