namespace CloudRisPacs.Core.Storage;

/// <summary>Why a conditional table write did not happen.</summary>
public enum TableConflictReason
{
    /// <summary>An insert found the row already there (HTTP 409).</summary>
    EntityAlreadyExists,

    /// <summary>The row changed since it was read: its ETag differs (HTTP 412).</summary>
    ETagMismatch,

    /// <summary>An update or conditional delete found no row (HTTP 404).</summary>
    EntityNotFound,
}
