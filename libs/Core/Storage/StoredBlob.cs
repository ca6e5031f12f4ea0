namespace CloudRisPacs.Core.Storage;

/// <summary>A blob's properties.</summary>
/// <param name="Name">Name inside the container.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ETag">Entity tag of the current version.</param>
/// <param name="ContentMd5">MD5 of the content when known, else null.</param>
/// <param name="ContentType">Stored MIME type.</param>
/// <param name="LastModified">When it was last written.</param>
/// <param name="Metadata">Stored metadata.</param>
public sealed record StoredBlob(
    string Name,
    long Length,
    string ETag,
    byte[]? ContentMd5,
    string? ContentType,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata);
