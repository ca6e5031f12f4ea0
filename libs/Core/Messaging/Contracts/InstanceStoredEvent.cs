namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.DicomInstanceStored"/>: the edge agent uploaded an instance to the tenant's
/// container at <see cref="BlobPath"/> (<c>{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm</c>).
/// The cloud indexes the header with a ranged read; the UIDs here let it check the blob is what was announced.
/// </summary>
public sealed record InstanceStoredEvent
{
    public required string BlobPath { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required string SopInstanceUid { get; init; }

    public required string SopClassUid { get; init; }

    public required string TransferSyntaxUid { get; init; }

    public required long SizeBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the stored Part 10 file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Byte count of the file up to (not including) Pixel Data, so the cloud can read just the header.</summary>
    public long? HeaderLengthBytes { get; init; }

    public string? CallingAeTitle { get; init; }

    public string? CalledAeTitle { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
