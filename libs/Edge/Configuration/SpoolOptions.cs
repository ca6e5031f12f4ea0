namespace CloudRisPacs.Edge.Configuration;

/// <summary>The DICOM spool (section <c>EdgeAgent:Spool</c>).</summary>
public sealed class SpoolOptions
{
    /// <summary>C-STORE is refused (out of resources) when less than this is free on the data folder's disk.</summary>
    public long MinFreeDiskBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest instance accepted, in bytes.</summary>
    public long MaxInstanceBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Uploads running at the same time.</summary>
    public int UploadParallelism { get; set; } = 2;

    /// <summary>An instance the cloud refuses this many times (not an outage) is parked.</summary>
    public int MaxAttempts { get; set; } = 10;
}
