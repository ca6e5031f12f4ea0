namespace CloudRisPacs.Dicom;

/// <summary>
/// What a data set holds under one tag: a <see cref="DicomElement"/> (a value kept as bytes), a
/// <see cref="DicomSequence"/> (items) or a <see cref="DicomFragmentSequence"/> (encapsulated pixel data).
/// </summary>
public abstract class DicomEntry
{
    private protected DicomEntry(DicomTag tag, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>A deep copy (sequence items are copied too; value bytes are immutable and shared).</summary>
    public abstract DicomEntry Clone();

    public override string ToString() => $"{Tag} {VR} {DicomDictionary.Describe(Tag)}";
}
