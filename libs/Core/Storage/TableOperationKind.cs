namespace CloudRisPacs.Core.Storage;

/// <summary>The kinds of operation a table transaction may hold.</summary>
public enum TableOperationKind
{
    /// <summary>Add a new row; fails when it exists.</summary>
    Insert,

    /// <summary>Insert or merge, unconditionally.</summary>
    UpsertMerge,

    /// <summary>Insert or replace, unconditionally.</summary>
    UpsertReplace,

    /// <summary>Merge into an existing row whose ETag matches (<c>*</c>: any version).</summary>
    UpdateMerge,

    /// <summary>Replace an existing row whose ETag matches (<c>*</c>: any version).</summary>
    UpdateReplace,

    /// <summary>Delete an existing row whose ETag matches (<c>*</c>: any version).</summary>
    Delete,
}
