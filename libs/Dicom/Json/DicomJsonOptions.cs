namespace CloudRisPacs.Dicom.Json;

/// <summary>Options of <see cref="DicomJsonWriter"/>.</summary>
public sealed class DicomJsonOptions
{
    public static DicomJsonOptions Default { get; } = new();

    /// <summary>
    /// Gives a BulkDataURI for a binary value (OB, OD, OF, OL, OV, OW, UN and encapsulated pixel data); when it returns
    /// null, or is not set, the value is written inline as base64 (InlineBinary) unless it is longer than
    /// <see cref="MaxInlineBinaryLength"/>, in which case the value is left out.
    /// </summary>
    public Func<DicomEntry, string?>? BulkDataUri { get; init; }

    /// <summary>The longest binary value written inline; longer ones without a BulkDataURI are left out. Default: no limit.</summary>
    public long MaxInlineBinaryLength { get; init; } = long.MaxValue;

    /// <summary>Write group length elements (gggg,0000). Default false: they are retired and say nothing in JSON.</summary>
    public bool IncludeGroupLengths { get; init; }

    public bool WriteIndented { get; init; }
}
