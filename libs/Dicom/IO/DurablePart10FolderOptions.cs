namespace CloudRisPacs.Dicom.IO;

/// <summary>How a <see cref="DurablePart10Folder"/> writes its files.</summary>
public sealed class DurablePart10FolderOptions
{
    /// <summary>
    /// Flush each file to disk before <see cref="DurablePart10Stream.CommitAsync"/> returns. Default true; false only for
    /// data that may be lost (benchmarks, scratch copies).
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>
    /// How many empty files are created, and made durable with one folder flush, whenever none is left. Default 32.
    /// </summary>
    public int PreparedFiles { get; set; } = 32;

    /// <summary>
    /// Start writing a file's data to disk every this many bytes while it is still being written, so that the flush at
    /// commit waits only for the tail. Default 256 KiB; 0 leaves it all to the flush.
    /// </summary>
    public int WritebackBytes { get; set; } = 256 * 1024;
}
