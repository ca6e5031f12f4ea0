namespace CloudRisPacs.Core.Storage;

/// <summary>An open download: the content stream and the blob's properties. Dispose it to release the connection.</summary>
public sealed class BlobContent(Stream content, StoredBlob properties) : IDisposable, IAsyncDisposable
{
    public Stream Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    public StoredBlob Properties { get; } = properties ?? throw new ArgumentNullException(nameof(properties));

    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
