using System.Globalization;
using System.Security.Cryptography;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Moves message bodies too large for a transport into the tenant's claim-check container and back. A claim blob is
/// written create-only under a unique name, checked by length and SHA-256 when fetched, and deleted by the consumer
/// once the message completed (a parked message keeps its blob).
/// </summary>
public sealed class BusClaimCheck
{
    private readonly IBlobStore blobs;
    private readonly Func<TenantId, string> containerOf;

    /// <param name="blobs">Where claim blobs are kept.</param>
    /// <param name="containerOf">The claim-check container of a tenant; <see cref="CloudResourceNames.ClaimCheckContainer"/> by default.</param>
    public BusClaimCheck(IBlobStore blobs, Func<TenantId, string>? containerOf = null)
    {
        this.blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        this.containerOf = containerOf ?? CloudResourceNames.ClaimCheckContainer;
    }

    /// <summary>The claim-check container of <paramref name="tenant"/>.</summary>
    public string ContainerOf(TenantId tenant) => containerOf(tenant);

    /// <summary>Stores the body of <paramref name="message"/> for <paramref name="channel"/> and returns the claim.</summary>
    public Task<BusBodyClaim> StoreAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return StoreBytesAsync(channel, message.MessageId, message.Body, message.ContentType, cancellationToken);
    }

    /// <summary>Stores <paramref name="content"/> under a new unique name for <paramref name="channel"/> and returns the claim.</summary>
    public async Task<BusBodyClaim> StoreBytesAsync(BusChannel channel, string nameHint, ReadOnlyMemory<byte> content, string contentType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrEmpty(nameHint);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var day = DateTimeOffset.UtcNow.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);
        var hint = TableKeys.Escape(nameHint).Replace('%', '_');
        var name = $"{channel.Name}/{day}/{hint[..Math.Min(hint.Length, 200)]}-{Guid.NewGuid():N}";
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await blobs.UploadAsync(ContainerOf(channel.Tenant), name, stream,
            new BlobWriteOptions { ContentType = contentType, Mode = BlobWriteMode.CreateOnly }, cancellationToken).ConfigureAwait(false);
        return new BusBodyClaim(name, content.Length, hash);
    }

    /// <summary>
    /// The message with its claim-checked body fetched from the channel tenant's container; an envelope without a
    /// claim is returned as it is. Throws <see cref="BusClaimCheckException"/> when the blob is missing or altered.
    /// </summary>
    public async Task<BusMessage> ResolveAsync(BusChannel channel, BusEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.BodyClaim is not { } claim)
        {
            return envelope.Message;
        }

        if (claim.Length > int.MaxValue)
        {
            throw new BusClaimCheckException($"Claim-checked body '{claim.BlobName}' claims {claim.Length} bytes, more than a message can hold.");
        }

        var container = ContainerOf(channel.Tenant);
        byte[] body;
        try
        {
            await using var download = await blobs.DownloadAsync(container, claim.BlobName, cancellationToken).ConfigureAwait(false);
            if (download.Properties.Length != claim.Length)
            {
                throw new BusClaimCheckException(
                    $"Claim-checked body '{claim.BlobName}' in '{container}' has {download.Properties.Length} bytes; the message says {claim.Length}.");
            }

            body = new byte[claim.Length];
            await download.Content.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException ex)
        {
            throw new BusClaimCheckException($"Claim-checked body '{claim.BlobName}' is missing from container '{container}'.", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new BusClaimCheckException($"Claim-checked body '{claim.BlobName}' in '{container}' ended early.", ex);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        return hash == claim.Sha256
            ? envelope.Message with { Body = body }
            : throw new BusClaimCheckException($"Claim-checked body '{claim.BlobName}' in '{container}' does not match its SHA-256.");
    }

    /// <summary>Deletes the claim blob after the message completed; false when it was already gone.</summary>
    public Task<bool> DeleteAsync(BusChannel channel, BusBodyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(claim);
        return blobs.DeleteAsync(ContainerOf(channel.Tenant), claim.BlobName, cancellationToken);
    }
}
