namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// Exact values the database can narrow worklist candidates by (null = any): what a C-FIND asks with single values
/// and no wildcards. Dates are <c>yyyyMMdd</c>; the range is inclusive.
/// </summary>
public sealed record WorklistCandidateFilter
{
    public string? PatientId { get; init; }

    public string? AccessionNumber { get; init; }

    public string? Modality { get; init; }

    public string? StationAeTitle { get; init; }

    public string? StartDateFrom { get; init; }

    public string? StartDateTo { get; init; }

    public int Limit { get; init; } = 10_000;
}
