namespace CloudRisPacs.Dicom.IO;

/// <summary>A decoded data set, the warnings of reading it, and where reading ended.</summary>
public sealed record DicomDatasetReadResult(DicomDataset Dataset, IReadOnlyList<DicomReadWarning> Warnings, DicomReadResult Result);
