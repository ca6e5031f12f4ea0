namespace CloudRisPacs.Hl7.Er7;

/// <summary>Limits the parser enforces on input it has not yet trusted; the defaults suit a radiology interface.</summary>
public sealed class Hl7ParseOptions
{
    /// <summary>Shared default options; do not mutate.</summary>
    public static Hl7ParseOptions Default { get; } = new();

    /// <summary>Largest message accepted, in characters (or bytes for the byte entry points). Default 4 MiB.</summary>
    public int MaxMessageLength { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most segments in one message. Default 10,000.</summary>
    public int MaxSegmentCount { get; set; } = 10_000;

    /// <summary>Most fields in one segment. Default 1,000.</summary>
    public int MaxFieldsPerSegment { get; set; } = 1_000;

    /// <summary>
    /// Most repetition, component and subcomponent separators in one segment together. Default 100,000: generous for
    /// real segments (an embedded base64 document has none), small enough to refuse a field made of separators.
    /// </summary>
    public int MaxDelimitersPerSegment { get; set; } = 100_000;

    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageLength, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSegmentCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFieldsPerSegment, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelimitersPerSegment, 1);
    }
}
