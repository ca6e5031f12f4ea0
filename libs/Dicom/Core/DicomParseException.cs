namespace CloudRisPacs.Dicom;

/// <summary>
/// Input that cannot be read as DICOM at all: truncated in the middle of an element, a length larger than the input
/// or the configured limit, nesting deeper than the limit, or no recognisable structure. It carries the byte offset
/// where reading failed and, when known, the tag being read. Recoverable problems are warnings, never this.
/// </summary>
public sealed class DicomParseException : DicomException
{
    public DicomParseException()
    {
    }

    public DicomParseException(string message)
        : base(message)
    {
    }

    public DicomParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomParseException(string message, long offset, DicomTag? tag = null)
        : base(tag is null ? $"{message} (at byte {offset})" : $"{message} (at byte {offset}, element {tag})")
    {
        Offset = offset;
        Tag = tag;
    }

    /// <summary>The offset from the start of the input (the file, or the data set for data set reads).</summary>
    public long Offset { get; }

    /// <summary>The element being read, when known.</summary>
    public DicomTag? Tag { get; }
}
