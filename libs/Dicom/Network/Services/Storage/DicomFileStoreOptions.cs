namespace CloudRisPacs.Dicom.Network.Services.Storage;

/// <summary>Where and how <see cref="DicomFileStoreHandler"/> writes instances.</summary>
public sealed class DicomFileStoreOptions
{
    /// <summary>The folder instances are written to (created when missing).</summary>
    public string Directory { get; set; } = "dicom-store";

    /// <summary>Flush to disk (fsync) before answering success: an acknowledgement is a promise. Default true.</summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>
    /// The file name of an instance (no path, at most 96 UTF-8 bytes); default: its SOP Instance UID with ".dcm".
    /// </summary>
    public Func<DicomStoreRequest, string>? FileName { get; set; }
}
