namespace CloudRisPacs.Dicom.IO;

/// <summary>Options of the DICOM writers.</summary>
public sealed class DicomWriterOptions
{
    public static DicomWriterOptions Default { get; } = new();

    /// <summary>
    /// Write sequences and items with defined (computed) lengths instead of undefined lengths with delimiters.
    /// Default false: delimiters, which every reader supports and which streaming needs.
    /// </summary>
    public bool UseDefinedLengths { get; init; }
}
