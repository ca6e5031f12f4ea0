namespace CloudRisPacs.Dicom;

/// <summary>
/// One data element of the data dictionary (PS3.6 table 6-1 and 7-1). Entries of repeating groups such as (60xx,3000)
/// carry a <see cref="Mask"/>: a tag matches when <c>(tag &amp; Mask) == Tag</c>.
/// </summary>
public sealed class DicomDictionaryEntry
{
    internal DicomDictionaryEntry(uint tag, uint mask, IReadOnlyList<DicomVR> valueRepresentations, DicomValueMultiplicity multiplicity, string keyword, string name, bool isRetired)
    {
        Tag = tag;
        Mask = mask;
        ValueRepresentations = valueRepresentations;
        Multiplicity = multiplicity;
        Keyword = keyword;
        Name = name;
        IsRetired = isRetired;
    }

    /// <summary>The tag (for a repeating group, its lowest member).</summary>
    public uint Tag { get; }

    /// <summary><c>0xFFFFFFFF</c> for a single tag; for a repeating group, the bits that must match.</summary>
    public uint Mask { get; }

    /// <summary>
    /// The allowed VRs; more than one for "OB or OW", "US or SS" and similar, where the context decides (PS3.5 Annex A).
    /// Empty for the item and delimiter tags, which have no VR.
    /// </summary>
    public IReadOnlyList<DicomVR> ValueRepresentations { get; }

    /// <summary>The first allowed VR, or UN for the item and delimiter tags.</summary>
    public DicomVR VR => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : DicomVR.UN;

    /// <summary>Whether the VR depends on context (more than one allowed VR).</summary>
    public bool HasAmbiguousVR => ValueRepresentations.Count > 1;

    public DicomValueMultiplicity Multiplicity { get; }

    /// <summary>The keyword, e.g. <c>PatientName</c>; empty for a few retired entries without one.</summary>
    public string Keyword { get; }

    /// <summary>The attribute name, e.g. <c>Patient's Name</c>.</summary>
    public string Name { get; }

    public bool IsRetired { get; }

    public bool IsRepeatingGroup => Mask != 0xFFFF_FFFF;

    public override string ToString() => $"{new DicomTag(Tag)} {string.Join('/', ValueRepresentations)} {Multiplicity} {Keyword}";
}
