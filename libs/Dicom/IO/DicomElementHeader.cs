namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// An element header as the reader found it: tag, VR (from the input in explicit VR, from the dictionary in implicit
/// VR), value length (<see cref="UndefinedLength"/> for sequences and encapsulated data without one) and the offset
/// of the header from the start of the input.
/// </summary>
public readonly record struct DicomElementHeader(DicomTag Tag, DicomVR VR, uint Length, long Offset)
{
    public const uint UndefinedLength = 0xFFFF_FFFF;

    public bool IsUndefinedLength => Length == UndefinedLength;
}
