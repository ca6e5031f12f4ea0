namespace CloudRisPacs.Core.Reconciliation;

/// <summary>
/// The tenant-wide index row of one accession number (<c>acc|{accession}</c> in the tenant's <c>MessageTrace</c>
/// partition): the patient and orders that carry it, and the studies that reference it. An accession belongs to one
/// patient; a second patient claiming it is an accession collision.
/// </summary>
public sealed record AccessionEntry
{
    public required string AccessionNumber { get; init; }

    /// <summary>The patient whose orders carry the accession; empty while only studies claim it (images before order).</summary>
    public string PatientKey { get; init; } = string.Empty;

    public IReadOnlyList<string> OrderKeys { get; init; } = [];

    public IReadOnlyList<string> StudyUids { get; init; } = [];

    /// <summary>When an order of <see cref="PatientKey"/> last claimed the accession; null for claims written before it was kept.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    public string? ETag { get; init; }

    public bool HasOrders => PatientKey.Length > 0 && OrderKeys.Count > 0;
}
