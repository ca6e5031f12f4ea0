namespace CloudRisPacs.Core.Storage;

/// <summary>A create-only upload found the blob already there; nothing was written.</summary>
public sealed class BlobAlreadyExistsException : Exception
{
    public BlobAlreadyExistsException()
    {
    }

    public BlobAlreadyExistsException(string message)
        : base(message)
    {
    }

    public BlobAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static BlobAlreadyExistsException For(string container, string name, Exception? innerException = null) =>
        new($"Blob '{name}' already exists in container '{container}' and the upload was create-only.", innerException!);
}
