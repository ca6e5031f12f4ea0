namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// What a streaming copy saw: the data set without its large values (pixel data and anything above the retained
/// length), the reader's warnings, how the read ended, and how many bytes were written.
/// </summary>
public sealed record DicomStreamCopyResult(DicomDataset Header, IReadOnlyList<DicomReadWarning> Warnings, DicomReadResult ReadResult, long BytesWritten);
