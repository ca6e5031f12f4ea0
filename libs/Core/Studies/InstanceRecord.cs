namespace CloudRisPacs.Core.Studies;

/// <summary>An <c>instance|{series}|{sop}</c> row of a study partition; also the SOP index row (<c>Instances</c> table).</summary>
public sealed record InstanceRecord
{
    public required string StudyInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required string SopInstanceUid { get; init; }

    public required string SopClassUid { get; init; }

    public required string TransferSyntaxUid { get; init; }

    public long SizeBytes { get; init; }

    public required string BlobPath { get; init; }

    public string? Sha256 { get; init; }

    public int? InstanceNumber { get; init; }

    /// <summary>Bytes read to index the header (the ranged read).</summary>
    public long HeaderBytes { get; init; }

    public DateTimeOffset IndexedAt { get; init; }

    public bool IsStructuredReport => SopClassUid.StartsWith("1.2.840.10008.5.1.4.1.1.88.", StringComparison.Ordinal);
}
