namespace CloudRisPacs.Core.Trace;

/// <summary>What the cloud did with a message.</summary>
public static class TraceOutcome
{
    public const string Applied = "applied";
    public const string Stale = "stale-ignored";
    public const string Rejected = "rejected";
    public const string Indexed = "indexed";
    public const string Redirected = "redirected-to-survivor";
    public const string NoChange = "no-change";
}
