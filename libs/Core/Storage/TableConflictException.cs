namespace CloudRisPacs.Core.Storage;

/// <summary>
/// A write lost an optimistic-concurrency race or hit an existing/missing row. Nothing was written (for a transaction:
/// no operation of it). Read the row again and decide; <see cref="OperationIndex"/> names the failing operation.
/// </summary>
public sealed class TableConflictException : Exception
{
    public TableConflictException()
    {
    }

    public TableConflictException(string message)
        : base(message)
    {
    }

    public TableConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TableConflictException(TableConflictReason reason, string table, string partitionKey, string rowKey, int? operationIndex,
        Exception? innerException)
        : base(Describe(reason, table, partitionKey, rowKey, operationIndex), innerException)
    {
        Reason = reason;
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        OperationIndex = operationIndex;
    }

    public TableConflictReason Reason { get; }

    public string? Table { get; }

    public string? PartitionKey { get; }

    public string? RowKey { get; }

    /// <summary>In a transaction, the index of the operation that failed.</summary>
    public int? OperationIndex { get; }

    private static string Describe(TableConflictReason reason, string table, string partitionKey, string rowKey, int? index)
    {
        var where = index is null ? string.Empty : $" (transaction operation {index})";
        return reason switch
        {
            TableConflictReason.EntityAlreadyExists => $"Row '{partitionKey}|{rowKey}' already exists in table '{table}'{where}.",
            TableConflictReason.ETagMismatch => $"Row '{partitionKey}|{rowKey}' in table '{table}' changed since it was read: ETag mismatch{where}.",
            _ => $"Row '{partitionKey}|{rowKey}' does not exist in table '{table}'{where}.",
        };
    }
}
