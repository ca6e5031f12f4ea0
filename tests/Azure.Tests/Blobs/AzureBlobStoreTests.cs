using System.Security.Cryptography;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.Blobs;

/// <summary>The blob store against Azurite.</summary>
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly StorageRoundTrips roundTrips = new();

    private AzureBlobStore Store => new(azurite.BlobService, roundTrips);

    private static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Upload_then_download_returns_the_bytes_content_type_metadata_and_md5()
    {
        var container = (await azurite.CreateContainerAsync("blobs")).Name;
        var content = Content(200_000, 1);

        var written = await Store.UploadAsync(container, "1.2.3/4.5.6/7.8.9.dcm", new MemoryStream(content), new BlobWriteOptions
        {
            ContentType = "application/dicom",
            Metadata = new Dictionary<string, string> { ["SopInstanceUid"] = "7.8.9" },
        });
        await using var download = await Store.DownloadAsync(container, "1.2.3/4.5.6/7.8.9.dcm");
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(content.Length, download.Properties.Length);
        Assert.Equal(written.ETag, download.Properties.ETag);
        Assert.Equal("application/dicom", download.Properties.ContentType);
        Assert.Equal("7.8.9", download.Properties.Metadata["SopInstanceUid"]);
#pragma warning disable CA5351 // Content-MD5 is the storage service's integrity property, not a security use.
        var md5 = MD5.HashData(content);
#pragma warning restore CA5351
        Assert.Equal(md5, written.ContentMd5);
        Assert.Equal(md5, (await Store.GetPropertiesAsync(container, "1.2.3/4.5.6/7.8.9.dcm"))!.ContentMd5);
    }

    [Fact]
    public async Task A_ranged_read_returns_only_the_requested_bytes_and_stops_at_the_end()
    {
        var container = (await azurite.CreateContainerAsync("blobs")).Name;
        var content = Content(50_000, 2);
        await Store.UploadAsync(container, "instance.dcm", new MemoryStream(content));

        var header = await Store.ReadRangeAsync(container, "instance.dcm", 128, 4);
        var middle = await Store.ReadRangeAsync(container, "instance.dcm", 1000, 16_384);
        var tail = await Store.ReadRangeAsync(container, "instance.dcm", 49_990, 100);
        var past = await Store.ReadRangeAsync(container, "instance.dcm", 60_000, 100);

        Assert.Equal(content.AsSpan(128, 4).ToArray(), header);
        Assert.Equal(content.AsSpan(1000, 16_384).ToArray(), middle);
        Assert.Equal(content.AsSpan(49_990).ToArray(), tail);
        Assert.Empty(past);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.ReadRangeAsync(container, "missing.dcm", 0, 10));
    }

    [Fact]
    public async Task Create_only_refuses_to_overwrite_and_overwrite_replaces()
    {
        var container = (await azurite.CreateContainerAsync("blobs")).Name;
        await Store.UploadAsync(container, "a.bin", new MemoryStream([1]));

        var refused = await Assert.ThrowsAsync<BlobAlreadyExistsException>(() => Store.UploadAsync(container, "a.bin", new MemoryStream([2])));
        var stillFirst = await Store.ReadRangeAsync(container, "a.bin", 0, 10);
        await Store.UploadAsync(container, "a.bin", new MemoryStream([3, 3]), new BlobWriteOptions { Mode = BlobWriteMode.Overwrite });

        Assert.Contains("a.bin", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 1 }, stillFirst);
        Assert.Equal(new byte[] { 3, 3 }, await Store.ReadRangeAsync(container, "a.bin", 0, 10));
    }

    [Fact]
    public async Task Listing_by_prefix_exists_and_delete()
    {
        var container = (await azurite.CreateContainerAsync("blobs")).Name;
        foreach (var name in new[] { "1.2/3.4/a.dcm", "1.2/3.4/b.dcm", "1.2/9.9/c.dcm", "5.6/7.8/d.dcm" })
        {
            await Store.UploadAsync(container, name, new MemoryStream(Content(10, name.Length)));
        }

        var series = new List<StoredBlob>();
        await foreach (var blob in Store.ListAsync(container, "1.2/3.4/"))
        {
            series.Add(blob);
        }

        var all = new List<string>();
        await foreach (var blob in Store.ListAsync(container))
        {
            all.Add(blob.Name);
        }

        Assert.Equal(["1.2/3.4/a.dcm", "1.2/3.4/b.dcm"], series.Select(blob => blob.Name));
        Assert.All(series, blob => Assert.Equal(10, blob.Length));
        Assert.Equal(4, all.Count);
        Assert.True(await Store.ExistsAsync(container, "5.6/7.8/d.dcm"));
        Assert.True(await Store.DeleteAsync(container, "5.6/7.8/d.dcm"));
        Assert.False(await Store.DeleteAsync(container, "5.6/7.8/d.dcm"));
        Assert.False(await Store.ExistsAsync(container, "5.6/7.8/d.dcm"));
        Assert.Null(await Store.GetPropertiesAsync(container, "5.6/7.8/d.dcm"));
    }

    [Fact]
    public async Task Missing_blobs_and_containers_are_reported_clearly()
    {
        var container = (await azurite.CreateContainerAsync("blobs")).Name;

        var missingBlob = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.DownloadAsync(container, "nope.dcm"));
        var missingContainer = await Assert.ThrowsAsync<BlobNotFoundException>(() =>
            Store.UploadAsync(UniqueName.Container("absent"), "x.dcm", new MemoryStream([1])));

        Assert.Contains("nope.dcm", missingBlob.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missingContainer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensure_container_creates_it_once()
    {
        var name = UniqueName.Container("ensure");
        try
        {
            await Store.EnsureContainerAsync(name);
            await Store.EnsureContainerAsync(name);

            await Store.UploadAsync(name, "x", new MemoryStream([1]));
            Assert.True(await Store.ExistsAsync(name, "x"));
            Assert.True(roundTrips.Blobs >= 4);
        }
        finally
        {
            await azurite.BlobService.DeleteBlobContainerAsync(name);
        }
    }
}
