namespace CloudRisPacs.Dicom;

/// <summary>
/// Picks one VR for the "OB or OW", "US or SS" and "US or OW" entries of the dictionary from context, as PS3.5
/// Annex A and PS3.3 require: encapsulated Pixel Data is OB; native Pixel Data, overlays, curves and waveforms are OW
/// in implicit VR and when more than 8 bits are allocated; pixel-value attributes follow Pixel Representation.
/// </summary>
internal static class AmbiguousVRResolver
{
    private const uint PixelData = 0x7FE0_0010;
    private const uint LutData = 0x0028_3006;

    public static DicomVR Resolve(DicomTag tag, DicomDictionaryEntry entry, in AmbiguousVRContext context)
    {
        var choices = entry.ValueRepresentations;
        if (choices.Count <= 1)
        {
            return entry.VR;
        }

        var hasOB = choices.Contains(DicomVR.OB);
        var hasSS = choices.Contains(DicomVR.SS);
        if (hasOB)
        {
            if (tag.Value == PixelData || (tag.Group & 0xFF00) == 0x7F00 && tag.Element == 0x0010)
            {
                return context.IsUndefinedLength ? DicomVR.OB
                    : context.IsImplicitVR || context.BitsAllocated > 8 ? DicomVR.OW
                    : DicomVR.OB;
            }

            if (tag.Group == 0x5400)
            {
                return context.IsImplicitVR || context.WaveformBitsAllocated is null or > 8 ? DicomVR.OW : DicomVR.OB;
            }

            // Overlay, curve and audio data and the rest: OW is always allowed for them.
            return DicomVR.OW;
        }

        if (tag.Value == LutData)
        {
            return context.LutEntries == 1 ? DicomVR.US : DicomVR.OW;
        }

        if (hasSS)
        {
            return context.PixelRepresentation == 1 ? DicomVR.SS : DicomVR.US;
        }

        return entry.VR;
    }
}
