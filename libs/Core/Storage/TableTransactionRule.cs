namespace CloudRisPacs.Core.Storage;

/// <summary>The Azure Table transaction rules <see cref="TableTransactionRules"/> enforces before sending.</summary>
public enum TableTransactionRule
{
    /// <summary>A transaction needs at least one operation.</summary>
    Empty,

    /// <summary>At most 100 operations.</summary>
    TooManyOperations,

    /// <summary>Every operation must name the same partition key.</summary>
    MultiplePartitions,

    /// <summary>A row may appear only once.</summary>
    DuplicateRow,

    /// <summary>Update and delete need an ETag (If-Match; <c>*</c> for any version).</summary>
    MissingETag,

    /// <summary>Insert and upsert never check an ETag; one given there would be silently ignored, so it is refused.</summary>
    UnusedETag,

    /// <summary>One entity may hold at most 1 MiB.</summary>
    EntityTooLarge,

    /// <summary>The request may carry at most 4 MiB.</summary>
    PayloadTooLarge,
}
