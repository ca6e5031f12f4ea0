using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Azure.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Blob Storage (and Azurite). Ranged reads use <c>DownloadStreamingAsync</c> with an
/// <see cref="HttpRange"/>, so reading a DICOM header transfers only the bytes asked for.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly BlobServiceClient service;
    private readonly StorageRoundTrips roundTrips;

    public AzureBlobStore(BlobServiceClient service, StorageRoundTrips roundTrips)
    {
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        this.roundTrips = roundTrips ?? throw new ArgumentNullException(nameof(roundTrips));
    }

    public async Task EnsureContainerAsync(string container, CancellationToken cancellationToken = default)
    {
        roundTrips.Record(StorageService.Blob, "create-container");
        await Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobWriteResult> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobWriteOptions();
        var upload = new BlobUploadOptions
        {
            HttpHeaders = options.ContentType is null ? null : new BlobHttpHeaders { ContentType = options.ContentType },
            Metadata = options.Metadata?.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
            Conditions = options.Mode == BlobWriteMode.CreateOnly ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
        };
        roundTrips.Record(StorageService.Blob, "upload");
        try
        {
            var response = await Blob(container, name).UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
            return new BlobWriteResult(response.Value.ETag.ToString(), response.Value.ContentHash, response.Value.LastModified);
        }
        catch (RequestFailedException ex) when (options.Mode == BlobWriteMode.CreateOnly
                                                && (ex.ErrorCode == BlobErrorCode.BlobAlreadyExists || ex.Status == 412))
        {
            throw BlobAlreadyExistsException.For(container, name, ex);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            throw new BlobNotFoundException($"Container '{container}' does not exist; blob '{name}' was not written.", ex);
        }
    }

    public async Task<BlobContent> DownloadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        roundTrips.Record(StorageService.Blob, "download");
        try
        {
            var response = await Blob(container, name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var details = response.Value.Details;
            var properties = new StoredBlob(name, details.ContentLength, details.ETag.ToString(), details.BlobContentHash ?? details.ContentHash,
                details.ContentType, details.LastModified, ReadOnly(details.Metadata));
            return new BlobContent(response.Value.Content, properties);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw BlobNotFoundException.For(container, name, ex);
        }
    }

    public async Task<byte[]> ReadRangeAsync(string container, string name, long offset, int length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
        {
            return [];
        }

        roundTrips.Record(StorageService.Blob, "read-range");
        try
        {
            var response = await Blob(container, name)
                .DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken)
                .ConfigureAwait(false);
            using var result = response.Value;
            using var buffer = new MemoryStream((int)Math.Min(length, Math.Max(result.Details.ContentLength, 0)));
            await result.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 416)
        {
            // The range starts at or past the end: there is nothing to read.
            return [];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw BlobNotFoundException.For(container, name, ex);
        }
    }

    public async Task<StoredBlob?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        roundTrips.Record(StorageService.Blob, "properties");
        try
        {
            var properties = (await Blob(container, name).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new StoredBlob(name, properties.ContentLength, properties.ETag.ToString(), properties.ContentHash, properties.ContentType,
                properties.LastModified, ReadOnly(properties.Metadata));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        roundTrips.Record(StorageService.Blob, "exists");
        return (await Blob(container, name).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        roundTrips.Record(StorageService.Blob, "delete");
        try
        {
            return (await Blob(container, name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)
                .ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync(string container, string? prefix = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pages = Container(container)
            .GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = string.IsNullOrEmpty(prefix) ? null : prefix }, cancellationToken)
            .AsPages();
        await foreach (var page in pages.ConfigureAwait(false))
        {
            roundTrips.Record(StorageService.Blob, "list");
            foreach (var item in page.Values)
            {
                var properties = item.Properties;
                yield return new StoredBlob(item.Name, properties.ContentLength ?? 0, properties.ETag?.ToString() ?? string.Empty,
                    properties.ContentHash, properties.ContentType, properties.LastModified ?? default, ReadOnly(item.Metadata));
            }
        }
    }

    private BlobContainerClient Container(string container)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        return service.GetBlobContainerClient(container);
    }

    private BlobClient Blob(string container, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Container(container).GetBlobClient(name);
    }

    private static Dictionary<string, string> ReadOnly(IDictionary<string, string>? metadata) =>
        metadata is null ? new(StringComparer.Ordinal) : new(metadata, StringComparer.Ordinal);
}
