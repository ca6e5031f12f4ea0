using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Check;

/// <summary>One risky but legal setting: the event id it is logged with and what it leaves open, in plain words.</summary>
public sealed record ConfigurationWarning(EventId EventId, string Message)
{
    /// <summary>The warning as a line of the <c>check</c> report: passed, marked WARN.</summary>
    public CheckResult AsCheckResult() => new("Configuration", true, Message) { Warning = true };
}
