namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// An observer that builds a <see cref="DicomDataset"/> from what the parser reports and collects its warnings
/// (including Specific Character Set problems). Values longer than <see cref="MaxRetainedValueLength"/> can be
/// skipped, which keeps a header-only copy of a data set that is being streamed elsewhere.
/// </summary>
public sealed class DicomDatasetBuilder : IDicomReaderObserver
{
    private readonly List<DicomDataset> datasets;
    private readonly List<DicomSequence> sequences = [];
    private readonly List<DicomReadWarning> warnings = [];
    private GrowableBuffer? value;
    private DicomElementHeader fragmentsHeader;
    private ReadOnlyMemory<byte>? offsetTable;
    private List<ReadOnlyMemory<byte>>? fragments;
    private GrowableBuffer? fragment;
    private int skipDepth;

    public DicomDatasetBuilder(DicomDataset? root = null)
    {
        Dataset = root ?? new DicomDataset();
        datasets = [Dataset];
    }

    /// <summary>The data set being built.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>What the reader tolerated.</summary>
    public IReadOnlyList<DicomReadWarning> Warnings => warnings;

    /// <summary>When set, values longer than this, and encapsulated pixel data, are not kept (their elements are left out).</summary>
    public long? MaxRetainedValueLength { get; init; }

    /// <summary>Leave out Pixel Data, Float Pixel Data and Double Float Pixel Data (7FE0,0008/0009/0010), for a header-only copy.</summary>
    public bool SkipPixelData { get; init; }

    private DicomDataset Current => datasets[^1];

    public void OnElementValue(in DicomElementHeader header, ReadOnlySpan<byte> chunk, bool isFirstChunk, bool isLastChunk)
    {
        if (skipDepth > 0 || header.Length > MaxRetainedValueLength || (SkipPixelData && header.Tag.Group == 0x7FE0 && header.Tag.Element is 0x0008 or 0x0009 or 0x0010))
        {
            return;
        }

        if (Collect(ref value, chunk, header.Length, isFirstChunk, isLastChunk) is not { } bytes)
        {
            return;
        }

        var element = new DicomElement(header.Tag, header.VR, bytes);
        Current.AddParsed(element);
        if (header.Tag == DicomTag.SpecificCharacterSet && element.ValueVR.IsText)
        {
            var problems = new List<string>();
            DicomCharacterSet.Parse(element.GetStrings(), problems);
            foreach (var problem in problems)
            {
                warnings.Add(new DicomReadWarning(header.Offset, header.Tag, problem));
            }
        }
    }

    public void OnSequenceStart(in DicomElementHeader header)
    {
        if (skipDepth > 0)
        {
            skipDepth++;
            return;
        }

        var sequence = new DicomSequence(header.Tag);
        Current.AddParsed(sequence);
        sequences.Add(sequence);
    }

    public void OnItemStart(uint length, long offset)
    {
        if (skipDepth > 0)
        {
            return;
        }

        var item = new DicomDataset();
        sequences[^1].Items.Add(item);
        datasets.Add(item);
    }

    public void OnItemEnd()
    {
        if (skipDepth == 0)
        {
            datasets.RemoveAt(datasets.Count - 1);
        }
    }

    public void OnSequenceEnd()
    {
        if (skipDepth > 0)
        {
            skipDepth--;
            return;
        }

        sequences.RemoveAt(sequences.Count - 1);
    }

    public void OnFragmentsStart(in DicomElementHeader header)
    {
        if (skipDepth > 0 || MaxRetainedValueLength is not null || SkipPixelData)
        {
            // Encapsulated pixel data is bulk by nature: a header-only copy leaves it out.
            skipDepth++;
            return;
        }

        fragmentsHeader = header;
        offsetTable = null;
        fragments = [];
    }

    public void OnFragment(ReadOnlySpan<byte> chunk, uint fragmentLength, bool isFirstChunk, bool isLastChunk)
    {
        if (skipDepth > 0)
        {
            return;
        }

        if (Collect(ref fragment, chunk, fragmentLength, isFirstChunk, isLastChunk) is not { } bytes)
        {
            return;
        }

        if (offsetTable is null)
        {
            offsetTable = bytes;
        }
        else
        {
            fragments!.Add(bytes);
        }
    }

    public void OnFragmentsEnd()
    {
        if (skipDepth > 0)
        {
            skipDepth--;
            return;
        }

        Current.AddParsed(new DicomFragmentSequence(fragmentsHeader.Tag, fragmentsHeader.VR, offsetTable ?? ReadOnlyMemory<byte>.Empty, fragments ?? []));
        fragments = null;
    }

    public void OnWarning(DicomReadWarning warning) => warnings.Add(warning);

    /// <summary>Collects a value's chunks; returns the value with its last chunk, null before.</summary>
    private static ReadOnlyMemory<byte>? Collect(ref GrowableBuffer? buffer, ReadOnlySpan<byte> chunk, long length, bool isFirst, bool isLast)
    {
        if (isFirst && isLast)
        {
            return chunk.ToArray();
        }

        if (isFirst)
        {
            buffer = new GrowableBuffer(length);
        }

        buffer!.Append(chunk);
        if (!isLast)
        {
            return null;
        }

        var bytes = buffer.ToMemory();
        buffer = null;
        return bytes;
    }
}
