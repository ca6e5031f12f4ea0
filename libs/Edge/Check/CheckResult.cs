namespace CloudRisPacs.Edge.Check;

/// <summary>One line of the <c>check</c> report: what was tested, whether it worked, and what that means in plain words.</summary>
public sealed record CheckResult(string Subject, bool Passed, string Detail)
{
    /// <summary>
    /// The thing cannot be used at all (a certificate that does not load or has no key), as opposed to one that works
    /// but not yet or no longer (an expired certificate is replaced without a restart): the agent refuses to start.
    /// </summary>
    public bool Unusable { get; init; }

    /// <summary>It works, but leaves something open (<see cref="ConfigurationWarnings"/>): shown as WARN, not counted as failed.</summary>
    public bool Warning { get; init; }

    public override string ToString() => $"{(Passed ? Warning ? "WARN" : "OK  " : "FAIL")}  {Subject}: {Detail}";
}
