namespace CloudRisPacs.Dicom.Network.Services.Storage;

/// <summary>What <see cref="DicomPart10Sink"/> wrote: the header of the data set (no pixel data, no value over 64 KiB) and the file length.</summary>
public sealed record DicomStoredInstance(DicomDataset Header, long Length);
