namespace CloudRisPacs.Core.Storage;

/// <summary>The blob (or its container) does not exist.</summary>
public sealed class BlobNotFoundException : Exception
{
    public BlobNotFoundException()
    {
    }

    public BlobNotFoundException(string message)
        : base(message)
    {
    }

    public BlobNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static BlobNotFoundException For(string container, string name, Exception? innerException = null) =>
        new($"Blob '{name}' does not exist in container '{container}'.", innerException!);
}
