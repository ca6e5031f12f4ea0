namespace CloudRisPacs.Core.Storage;

/// <summary>What the store reports after an upload.</summary>
/// <param name="ETag">The new version's entity tag.</param>
/// <param name="ContentMd5">MD5 of the content when the service computed one (single-request uploads), else null.</param>
/// <param name="LastModified">When the blob was written.</param>
public sealed record BlobWriteResult(string ETag, byte[]? ContentMd5, DateTimeOffset LastModified);
