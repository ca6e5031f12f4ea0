namespace CloudRisPacs.Dicom.IO;

/// <summary>Options of the DICOM readers.</summary>
public sealed class DicomReaderOptions
{
    /// <summary>The defaults: read everything, values up to 1 GiB, nesting up to 64 levels.</summary>
    public static DicomReaderOptions Default { get; } = new();

    /// <summary>The tag of Pixel Data's first variant (Float Pixel Data, 7FE0,0008), where header-only reads stop.</summary>
    public static DicomTag PixelDataGroupStart { get; } = new(0x7FE0, 0x0008);

    /// <summary>
    /// Stop at the first top-level element whose tag is at or after this one, before its header. Set it to
    /// <see cref="PixelDataGroupStart"/> (or use <see cref="StopBeforePixelData"/>) to read headers only.
    /// </summary>
    public DicomTag? StopBeforeTag { get; init; }

    /// <summary>Stop before Float, Double Float or plain Pixel Data (7FE0,0008/0009/0010) at the top level.</summary>
    public bool StopBeforePixelData
    {
        get => StopBeforeTag == PixelDataGroupStart;
        init => StopBeforeTag = value ? PixelDataGroupStart : null;
    }

    /// <summary>The largest value (or fragment) accepted, in bytes; a larger one is a <see cref="DicomParseException"/>. Default 1 GiB.</summary>
    public long MaxValueLength { get; init; } = 1L << 30;

    /// <summary>The deepest nesting of sequences accepted; deeper is a <see cref="DicomParseException"/>. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// The length of the input when known (a file, a blob): a value claiming more than what is left is rejected at
    /// once instead of after reading to the end.
    /// </summary>
    public long? InputLength { get; init; }

    /// <summary>
    /// Read UN elements of public tags with their dictionary VR (and UN of a sequence tag as a sequence), as PS3.5
    /// section 6.2.2 allows. Default true.
    /// </summary>
    public bool ResolveUnknownVR { get; init; } = true;

    /// <summary>Stop at the first top-level element of another group (the File Meta Information reader uses 0002).</summary>
    internal ushort? OnlyGroup { get; init; }

    internal DicomReaderOptions With(long? inputLength) => new()
    {
        StopBeforeTag = StopBeforeTag,
        MaxValueLength = MaxValueLength,
        MaxDepth = MaxDepth,
        InputLength = inputLength,
        ResolveUnknownVR = ResolveUnknownVR,
    };
}
