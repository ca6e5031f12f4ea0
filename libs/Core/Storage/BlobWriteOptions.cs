namespace CloudRisPacs.Core.Storage;

/// <summary>How to write a blob.</summary>
public sealed class BlobWriteOptions
{
    /// <summary>MIME type stored with the blob, for example <c>application/dicom</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>Metadata stored with the blob: names are C# identifiers, values ASCII (Azure's rules).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public BlobWriteMode Mode { get; init; } = BlobWriteMode.CreateOnly;
}
