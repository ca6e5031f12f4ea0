namespace CloudRisPacs.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>
    /// The VR a new element under this tag gets: from the dictionary (resolving "US or SS" and "OB or OW" from this
    /// data set's Pixel Representation and Bits Allocated), LO for private creators, UL for group lengths, and for
    /// private data elements the private dictionary entry of their creator. Throws <see cref="ArgumentException"/>
    /// when the VR is unknown; then use an overload that takes a <see cref="DicomVR"/>.
    /// </summary>
    public DicomVR ResolveVR(DicomTag tag)
    {
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateData && GetPrivateCreator(tag) is { } creator && DicomDictionary.FindPrivate(creator, tag) is { } privateEntry)
        {
            return privateEntry.VR;
        }

        if (DicomDictionary.Find(tag) is { ValueRepresentations.Count: > 0 } entry)
        {
            var context = new AmbiguousVRContext(
                IsImplicitVR: false,
                IsUndefinedLength: false,
                PixelRepresentation: FindInherited(DicomTag.PixelRepresentation),
                BitsAllocated: FindInherited(DicomTag.BitsAllocated),
                WaveformBitsAllocated: FindInherited(DicomTag.WaveformBitsAllocated),
                LutEntries: null);
            return AmbiguousVRResolver.Resolve(tag, entry, context);
        }

        throw new ArgumentException($"The VR of {tag} is not in the dictionary; pass the VR explicitly.", nameof(tag));
    }

    private int? FindInherited(DicomTag tag)
    {
        for (var dataset = this; dataset is not null; dataset = dataset.Parent)
        {
            // A value that is no whole number of values is no number: the VR stays unresolved rather than the setter throwing.
            if (dataset.GetElement(tag) is { Length: >= 2 } element && NumberConversion.IsBinaryNumeric(element.ValueVR) && element.Length % element.ValueVR.UnitSize == 0)
            {
                return element.GetNumber<int>();
            }
        }

        return null;
    }
}
