namespace CloudRisPacs.Dicom;

/// <summary>
/// A vendor's private data element: creator name, group and the low byte of the element (the high byte is the block
/// the creator reserved in a particular data set, so it varies between files).
/// </summary>
public sealed class DicomPrivateDictionaryEntry
{
    internal DicomPrivateDictionaryEntry(string creator, ushort group, byte elementOffset, IReadOnlyList<DicomVR> valueRepresentations, DicomValueMultiplicity multiplicity, string name, bool isRetired)
    {
        Creator = creator;
        Group = group;
        ElementOffset = elementOffset;
        ValueRepresentations = valueRepresentations;
        Multiplicity = multiplicity;
        Name = name;
        IsRetired = isRetired;
    }

    public string Creator { get; }

    public ushort Group { get; }

    /// <summary>The low byte of the element number (the <c>ee</c> of <c>(gggg,xxee)</c>).</summary>
    public byte ElementOffset { get; }

    public IReadOnlyList<DicomVR> ValueRepresentations { get; }

    public DicomVR VR => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : DicomVR.UN;

    public DicomValueMultiplicity Multiplicity { get; }

    public string Name { get; }

    public bool IsRetired { get; }

    public override string ToString() => $"{Creator} ({Group:X4},xx{ElementOffset:X2}) {VR} {Name}";
}
