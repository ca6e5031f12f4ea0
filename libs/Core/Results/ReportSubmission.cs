namespace CloudRisPacs.Core.Results;

/// <summary>A radiology report submitted through the API; becomes an ORU^R01 for the RIS.</summary>
public sealed record ReportSubmission
{
    public required string AccessionNumber { get; init; }

    /// <summary>The report text; lines become OBX segments.</summary>
    public required string Text { get; init; }

    /// <summary>The reporting radiologist (OBR-32), as <c>Family^Given</c> or free text.</summary>
    public required string Author { get; init; }

    /// <summary>P preliminary, F final, C corrected (OBR-25 and OBX-11).</summary>
    public required string Status { get; init; }

    /// <summary>The study reported on; defaults to the order's (reconciled) study.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Which requested procedure of the accession, when it has several.</summary>
    public string? RequestedProcedureId { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(AccessionNumber))
        {
            problems.Add("accessionNumber is required.");
        }

        if (string.IsNullOrWhiteSpace(Text))
        {
            problems.Add("text is required.");
        }
        else if (Text.Length > 200_000)
        {
            problems.Add("text is longer than 200,000 characters.");
        }

        if (string.IsNullOrWhiteSpace(Author))
        {
            problems.Add("author is required.");
        }

        if (Status is not ("P" or "F" or "C"))
        {
            problems.Add("status must be P (preliminary), F (final) or C (corrected).");
        }

        return problems;
    }
}
