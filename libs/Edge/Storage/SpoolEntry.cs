namespace CloudRisPacs.Edge.Storage;

/// <summary>A spooled DICOM instance: where its file is and what the cloud needs to know about it.</summary>
public sealed record SpoolEntry(
    string FileName,
    string SopInstanceUid,
    string SopClassUid,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string TransferSyntaxUid,
    string? PatientId,
    long SizeBytes,
    string? CallingAeTitle,
    string? CalledAeTitle,
    string CorrelationId,
    DateTimeOffset ReceivedAt,
    long Sequence = 0,
    int Attempts = 0,
    DateTimeOffset NextAttemptAt = default)
{
    /// <summary><c>{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm</c> in the tenant's container.</summary>
    public string BlobPath => $"{StudyInstanceUid}/{SeriesInstanceUid}/{SopInstanceUid}.dcm";
}
