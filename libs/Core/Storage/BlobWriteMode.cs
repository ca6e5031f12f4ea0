namespace CloudRisPacs.Core.Storage;

/// <summary>What an upload does when the blob already exists.</summary>
public enum BlobWriteMode
{
    /// <summary>Refuse (If-None-Match: *): the existing blob stays and <see cref="BlobAlreadyExistsException"/> is thrown.</summary>
    CreateOnly,

    /// <summary>Replace the existing blob.</summary>
    Overwrite,
}
