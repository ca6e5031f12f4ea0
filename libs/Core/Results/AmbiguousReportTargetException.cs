namespace CloudRisPacs.Core.Results;

/// <summary>
/// A report names an accession with several open requested procedures but not which one it reports on. Picking one
/// would leave the others unreported in the RIS without anyone noticing.
/// </summary>
public sealed class AmbiguousReportTargetException : Exception
{
    public AmbiguousReportTargetException()
    {
    }

    public AmbiguousReportTargetException(string message)
        : base(message)
    {
    }

    public AmbiguousReportTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
