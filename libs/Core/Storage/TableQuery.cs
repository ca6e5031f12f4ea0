namespace CloudRisPacs.Core.Storage;

/// <summary>
/// A query within one partition (tables are partitioned by tenant first, so every query names its partition), or,
/// with <see cref="PartitionKeyIsPrefix"/>, within the partitions whose keys start with <see cref="PartitionKey"/>
/// (all partitions of one tenant, for tenant-wide listings and watchdogs): optionally a row-key prefix or range and
/// equality filters on properties. Results come in partition-key, then row-key order.
/// </summary>
public sealed class TableQuery
{
    public TableQuery(string partitionKey)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        PartitionKey = partitionKey;
    }

    public string PartitionKey { get; }

    /// <summary>
    /// Treat <see cref="PartitionKey"/> as a prefix: scan every partition whose key starts with it (for example
    /// <c>{tenant}|</c>). A range scan across partitions: meant for listings and timers, not for the hot path.
    /// </summary>
    public bool PartitionKeyIsPrefix { get; init; }

    /// <summary>Only rows whose key starts with this text.</summary>
    public string? RowKeyPrefix { get; init; }

    /// <summary>Only rows whose key is at least this (inclusive).</summary>
    public string? RowKeyFrom { get; init; }

    /// <summary>Only rows whose key is below this (exclusive).</summary>
    public string? RowKeyTo { get; init; }

    /// <summary>Only rows whose properties equal these values (same types as <see cref="TableRow"/> accepts).</summary>
    public IReadOnlyDictionary<string, object>? WhereEquals { get; init; }

    /// <summary>At most this many rows; null for all.</summary>
    public int? Take { get; init; }
}
