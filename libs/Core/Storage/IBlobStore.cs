namespace CloudRisPacs.Core.Storage;

/// <summary>
/// Blob storage as the pipeline needs it: streamed uploads and downloads, ranged reads (a DICOM header without its
/// pixel data), properties, existence, deletion and listing by prefix. Containers are named per tenant
/// (<c>CloudResourceNames</c>); blob names are relative paths such as <c>{study}/{series}/{instance}.dcm</c>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Creates the container when it does not exist (local mode; in Azure the infrastructure creates them).</summary>
    Task EnsureContainerAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads <paramref name="content"/> from its current position to the end. With <see cref="BlobWriteMode.CreateOnly"/>
    /// (the default) an existing blob is left alone and <see cref="BlobAlreadyExistsException"/> is thrown.
    /// </summary>
    Task<BlobWriteResult> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Opens the blob for reading; throws <see cref="BlobNotFoundException"/> when it does not exist.</summary>
    Task<BlobContent> DownloadAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads up to <paramref name="length"/> bytes starting at <paramref name="offset"/>; fewer when the blob ends
    /// sooner, none when <paramref name="offset"/> is at or past the end. Throws <see cref="BlobNotFoundException"/>.
    /// </summary>
    Task<byte[]> ReadRangeAsync(string container, string name, long offset, int length, CancellationToken cancellationToken = default);

    /// <summary>The blob's properties, or null when it does not exist.</summary>
    Task<StoredBlob?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; false when there was none.</summary>
    Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Blobs whose names start with <paramref name="prefix"/> (all when empty), in name order.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default);
}
