namespace CloudRisPacs.Core.Storage;

/// <summary>One operation of a table transaction. Build them with the factory methods.</summary>
public sealed record TableOperation
{
    private TableOperation(TableOperationKind kind, TableRow row)
    {
        Kind = kind;
        Row = row ?? throw new ArgumentNullException(nameof(row));
    }

    public TableOperationKind Kind { get; }

    /// <summary>The row written, or for a delete the keys and ETag of the row removed.</summary>
    public TableRow Row { get; }

    /// <summary>True for operations that carry If-Match (update and delete).</summary>
    public bool IsConditional => Kind is TableOperationKind.UpdateMerge or TableOperationKind.UpdateReplace or TableOperationKind.Delete;

    public static TableOperation Insert(TableRow row) => new(TableOperationKind.Insert, row);

    public static TableOperation Upsert(TableRow row, TableWriteMode mode = TableWriteMode.Merge) =>
        new(mode == TableWriteMode.Merge ? TableOperationKind.UpsertMerge : TableOperationKind.UpsertReplace, row);

    /// <summary>An update of the version <paramref name="row"/>'s ETag names (<c>*</c> for any).</summary>
    public static TableOperation Update(TableRow row, TableWriteMode mode = TableWriteMode.Merge) =>
        new(mode == TableWriteMode.Merge ? TableOperationKind.UpdateMerge : TableOperationKind.UpdateReplace, row);

    /// <summary>A delete of the version <paramref name="etag"/> names (<c>*</c> for any).</summary>
    public static TableOperation Delete(string partitionKey, string rowKey, string etag) =>
        new(TableOperationKind.Delete, new TableRow(partitionKey, rowKey) { ETag = etag });
}
