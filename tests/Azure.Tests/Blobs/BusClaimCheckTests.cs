using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.Blobs;

/// <summary>The claim check over the real blob store: store, resolve with integrity checks, delete.</summary>
public sealed class BusClaimCheckTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly BusChannel Channel = BusChannel.Ingress(TenantId.Parse("clinic-a"));

    private async Task<(BusClaimCheck Claims, AzureBlobStore Blobs, string Container)> CreateAsync()
    {
        var container = (await azurite.CreateContainerAsync("claims")).Name;
        var blobs = new AzureBlobStore(azurite.BlobService, new StorageRoundTrips());
        return (new BusClaimCheck(blobs, _ => container), blobs, container);
    }

    private static BusMessage Message(byte[] body) => new()
    {
        MessageId = "MSG/0001#1",
        Kind = BusMessageKinds.Hl7Received,
        SessionKey = "clinic-a/PAT1",
        Body = body,
    };

    [Fact]
    public async Task A_stored_body_resolves_back_and_is_gone_after_delete()
    {
        var (claims, blobs, container) = await CreateAsync();
        var body = new byte[100_000];
        new Random(3).NextBytes(body);

        var claim = await claims.StoreAsync(Channel, Message(body), CancellationToken.None);
        var resolved = await claims.ResolveAsync(Channel, new BusEnvelope(Message([]), claim), CancellationToken.None);
        var deleted = await claims.DeleteAsync(Channel, claim, CancellationToken.None);

        Assert.Equal(body, resolved.Body.ToArray());
        Assert.StartsWith("ingress-clinic-a/", claim.BlobName, StringComparison.Ordinal);
        Assert.True(deleted);
        Assert.False(await blobs.ExistsAsync(container, claim.BlobName));
    }

    [Fact]
    public async Task A_missing_or_altered_body_is_refused()
    {
        var (claims, blobs, container) = await CreateAsync();
        var claim = await claims.StoreAsync(Channel, Message([1, 2, 3]), CancellationToken.None);
        await blobs.UploadAsync(container, claim.BlobName, new MemoryStream([1, 2, 4]), new BlobWriteOptions { Mode = BlobWriteMode.Overwrite });

        var altered = await Assert.ThrowsAsync<BusClaimCheckException>(() =>
            claims.ResolveAsync(Channel, new BusEnvelope(Message([]), claim), CancellationToken.None));
        await blobs.DeleteAsync(container, claim.BlobName);
        var missing = await Assert.ThrowsAsync<BusClaimCheckException>(() =>
            claims.ResolveAsync(Channel, new BusEnvelope(Message([]), claim), CancellationToken.None));

        Assert.Contains("SHA-256", altered.Message, StringComparison.Ordinal);
        Assert.Contains("missing", missing.Message, StringComparison.Ordinal);
    }
}
