namespace CloudRisPacs.Core.Storage;

/// <summary>How a write treats properties already stored on the row.</summary>
public enum TableWriteMode
{
    /// <summary>Keep stored properties the new row does not mention.</summary>
    Merge,

    /// <summary>The stored row becomes exactly the new row.</summary>
    Replace,
}
