namespace CloudRisPacs.Core.Studies;

/// <summary>A <c>series|{uid}</c> row of a study partition.</summary>
public sealed record SeriesRecord
{
    public required string SeriesInstanceUid { get; init; }

    public string? Modality { get; init; }

    public int? SeriesNumber { get; init; }

    public string? SeriesDescription { get; init; }

    public int InstanceCount { get; init; }

    public long SizeBytes { get; init; }
}
