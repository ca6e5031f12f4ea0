namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// How a read ended: <see cref="DicomParseStatus.Completed"/> at the end of the input, or
/// <see cref="DicomParseStatus.Stopped"/> before the stop tag. <see cref="BytesConsumed"/> is the offset (from the
/// start of the input) up to which bytes were needed: for a header-only read, the offset of the Pixel Data header.
/// </summary>
public readonly record struct DicomReadResult(DicomParseStatus Status, long BytesConsumed)
{
    public bool StoppedBeforeTag => Status == DicomParseStatus.Stopped;
}
