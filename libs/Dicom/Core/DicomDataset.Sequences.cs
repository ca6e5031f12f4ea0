namespace CloudRisPacs.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>The sequence under a tag, or null when absent. Throws <see cref="DicomValueException"/> when the entry is not a sequence.</summary>
    public DicomSequence? GetSequence(DicomTag tag) => GetEntry(tag) switch
    {
        null => null,
        DicomSequence sequence => sequence,
        DicomElement { Length: 0 } => null,
        var other => throw new DicomValueException($"{tag} has VR {other.VR}, not SQ."),
    };

    /// <summary>Sets a sequence with the given items (replacing any entry under the tag) and returns it.</summary>
    public DicomSequence SetSequence(DicomTag tag, params DicomDataset[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sequence = new DicomSequence(tag, items);
        Set(sequence);
        return sequence;
    }

    /// <summary>The sequence under a tag, added empty when absent.</summary>
    public DicomSequence GetOrAddSequence(DicomTag tag) => GetSequence(tag) ?? SetSequence(tag);

    /// <summary>The first item of a sequence, or null when the sequence is absent or empty.</summary>
    public DicomDataset? GetFirstItem(DicomTag tag) => GetSequence(tag)?.Items.FirstOrDefault();
}
