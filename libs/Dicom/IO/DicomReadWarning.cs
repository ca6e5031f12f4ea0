namespace CloudRisPacs.Dicom.IO;

/// <summary>A problem the reader tolerated: where it was, which element (when known), and what was done about it.</summary>
public sealed record DicomReadWarning(long Offset, DicomTag? Tag, string Message)
{
    public override string ToString() => Tag is null ? $"at byte {Offset}: {Message}" : $"at byte {Offset}, {Tag}: {Message}";
}
