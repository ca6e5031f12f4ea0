namespace CloudRisPacs.Dicom.IO;

// Element headers: explicit and implicit VR, tolerance of mixed encodings, UN and ambiguous VRs.
public sealed partial class DicomParser
{
    private bool TryReadHeader(DicomTag tag, ReadOnlySpan<byte> rest, Frame frame, bool isFinalBlock, out DicomVR vr, out uint length, out int headerLength, out bool contentImplicit)
    {
        contentImplicit = !frame.IsExplicitVR;
        if (!firstElementSeen && frame.Kind == FrameKind.Root)
        {
            firstElementSeen = true;
            CheckEncodingOfFirstElement(tag, rest, frame);
        }

        if (!frame.IsExplicitVR)
        {
            length = ReadUInt32(rest[4..], frame.IsLittleEndian);
            headerLength = 8;
            vr = ImplicitVR(tag, length, frame);
            return true;
        }

        if (DicomVR.TryParse(rest[4], rest[5], out var parsed))
        {
            vr = parsed;
            if (parsed.HasLongExplicitLength)
            {
                return TryReadLongLength(rest, frame, isFinalBlock, tag, out length, out headerLength) && ResolveUnknown(tag, ref vr, length, frame, ref contentImplicit);
            }

            length = ReadUInt16(rest[6..], frame.IsLittleEndian);
            headerLength = 8;
            return true;
        }

        if (char.IsAsciiLetterUpper((char)rest[4]) && char.IsAsciiLetterUpper((char)rest[5]))
        {
            Warn(tag, $"unknown VR '{(char)rest[4]}{(char)rest[5]}'; read as UN with a 32-bit length.");
            vr = DicomVR.UN;
            return TryReadLongLength(rest, frame, isFinalBlock, tag, out length, out headerLength);
        }

        // Not a VR at all: this element was written in implicit VR although the transfer syntax is explicit.
        length = ReadUInt32(rest[4..], frame.IsLittleEndian);
        headerLength = 8;
        vr = ImplicitVR(tag, length, frame);
        Warn(tag, $"no VR in an explicit VR data set (bytes {rest[4]:X2} {rest[5]:X2}); read in implicit VR as {vr}.");
        return true;
    }

    private bool TryReadLongLength(ReadOnlySpan<byte> rest, Frame frame, bool isFinalBlock, DicomTag tag, out uint length, out int headerLength)
    {
        headerLength = 12;
        if (rest.Length < 12)
        {
            length = 0;
            return isFinalBlock ? throw Truncated(tag, 12, rest.Length) : false;
        }

        length = ReadUInt32(rest[8..], frame.IsLittleEndian);
        return true;
    }

    /// <summary>
    /// A UN element of a public tag gets its dictionary VR; a UN sequence is read in implicit VR little endian (PS3.5
    /// 6.2.2). In big endian only sequences and text are resolved: their bytes mean the same in either byte order,
    /// whereas a binary value kept as UN may or may not have been swapped by whoever wrote it.
    /// </summary>
    private bool ResolveUnknown(DicomTag tag, ref DicomVR vr, uint length, Frame frame, ref bool contentImplicit)
    {
        if (vr != DicomVR.UN || !options.ResolveUnknownVR || length == DicomElementHeader.UndefinedLength || tag.IsGroupLength)
        {
            return true;
        }

        if (!frame.IsLittleEndian)
        {
            if (!tag.IsPrivate && DicomDictionary.Find(tag) is { ValueRepresentations: [var only] } && (only == DicomVR.SQ || only.IsText))
            {
                vr = only;
                contentImplicit = vr == DicomVR.SQ || contentImplicit;
            }

            return true;
        }

        if (tag.IsPrivateCreator)
        {
            vr = DicomVR.LO;
            return true;
        }

        if (tag.IsPrivate)
        {
            if (PrivateEntry(tag, frame) is { } privateEntry && privateEntry.VR != DicomVR.UN)
            {
                vr = privateEntry.VR;
                contentImplicit = vr == DicomVR.SQ || contentImplicit;
            }

            return true;
        }

        if (DicomDictionary.Find(tag) is { ValueRepresentations.Count: > 0 } entry)
        {
            vr = AmbiguousVRResolver.Resolve(tag, entry, Context(isImplicit: true, isUndefinedLength: false));
            contentImplicit = vr == DicomVR.SQ || contentImplicit;
        }

        return true;
    }

    private static DicomPrivateDictionaryEntry? PrivateEntry(DicomTag tag, Frame frame) =>
        tag.IsPrivateData && frame.Creators is { } creators
            && creators.TryGetValue(((uint)tag.Group << 8) | (uint)(tag.Element >> 8), out var creator)
            ? DicomDictionary.FindPrivate(creator, tag)
            : null;

    private void CheckEncodingOfFirstElement(DicomTag tag, ReadOnlySpan<byte> rest, Frame frame)
    {
        var hasVR = DicomVR.TryParse(rest[4], rest[5], out var vr);
        if (frame.IsExplicitVR && !hasVR && !(char.IsAsciiLetterUpper((char)rest[4]) && char.IsAsciiLetterUpper((char)rest[5])))
        {
            frame.IsExplicitVR = false;
            Warn(tag, "the transfer syntax says explicit VR but the data set is in implicit VR; read as implicit VR.");
        }
        else if (!frame.IsExplicitVR && hasVR && DicomDictionary.Find(tag) is { } entry && entry.ValueRepresentations.Contains(vr!))
        {
            frame.IsExplicitVR = true;
            Warn(tag, "the transfer syntax says implicit VR but the data set is in explicit VR; read as explicit VR.");
        }
    }

    private DicomVR ImplicitVR(DicomTag tag, uint length, Frame frame)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsPrivate)
        {
            return PrivateEntry(tag, frame)?.VR ?? DicomVR.UN;
        }

        if (DicomDictionary.Find(tag) is { ValueRepresentations.Count: > 0 } entry)
        {
            return AmbiguousVRResolver.Resolve(tag, entry, Context(isImplicit: true, isUndefinedLength: length == DicomElementHeader.UndefinedLength));
        }

        return DicomVR.UN;
    }

    private AmbiguousVRContext Context(bool isImplicit, bool isUndefinedLength)
    {
        int? pixelRepresentation = null, bitsAllocated = null, waveformBits = null, lutEntries = null;
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            var frame = frames[i];
            pixelRepresentation ??= frame.PixelRepresentation;
            bitsAllocated ??= frame.BitsAllocated;
            waveformBits ??= frame.WaveformBitsAllocated;
            lutEntries ??= frame.LutEntries;
        }

        return new AmbiguousVRContext(isImplicit, isUndefinedLength, pixelRepresentation, bitsAllocated, waveformBits, lutEntries);
    }

    private static bool HoldsItems(ReadOnlySpan<byte> value, uint length, bool littleEndian)
    {
        if (ReadTag(value, littleEndian) != new DicomTag(0xFFFE, 0xE000))
        {
            return false;
        }

        var itemLength = ReadUInt32(value[4..], littleEndian);
        return itemLength == DicomElementHeader.UndefinedLength || (long)itemLength + 8 <= length;
    }
}
