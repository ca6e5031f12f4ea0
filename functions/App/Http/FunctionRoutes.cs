namespace CloudRisPacs.Functions.Http;

/// <summary>The API's routes (below the <c>api</c> prefix of host.json). The metadata contract test checks the build against these.</summary>
public static class FunctionRoutes
{
    public const string EdgeWorklist = "edge/worklist";
    public const string Order = "orders/{accession}";
    public const string Study = "studies/{studyInstanceUid}";
    public const string Exceptions = "exceptions";
    public const string ResolveException = "exceptions/{id}/resolve";
    public const string Reports = "reports";
    public const string Trace = "trace";
    public const string Audit = "audit";
    public const string Corrections = "corrections";
}
