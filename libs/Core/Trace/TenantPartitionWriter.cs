using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Trace;

/// <summary>Writes operations on one partition of one table in as few transactions as the 100-operation rule allows.</summary>
public static class TenantPartitionWriter
{
    public const int MaxOperations = 100;

    public static async Task WriteAsync(ITableStore tables, string table, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(operations);
        for (var start = 0; start < operations.Count; start += MaxOperations)
        {
            var chunk = operations.Skip(start).Take(MaxOperations).ToArray();
            await tables.SubmitTransactionAsync(table, chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    public static Task WriteTraceAsync(ITableStore tables, TenantId tenant, TraceRecord record, CancellationToken cancellationToken) =>
        WriteAsync(tables, CloudResourceNames.Tables.MessageTrace, TraceIndex.Operations(tenant, record).ToArray(), cancellationToken);
}
