namespace CloudRisPacs.Edge.Check;

/// <summary>One line of the <c>check</c> report: what was tested, whether it worked, and what that means in plain words.</summary>
public sealed record CheckResult(string Subject, bool Passed, string Detail)
{
    public override string ToString() => $"{(Passed ? "OK  " : "FAIL")}  {Subject}: {Detail}";
}
