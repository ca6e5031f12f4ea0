using System.Diagnostics;

namespace CloudRisPacs.Edge.Diagnostics;

/// <summary>
/// The agent's activity source. Each received message starts a trace here; its W3C <c>traceparent</c> travels with the
/// message to the cloud. Without a listener no activity exists, so a fresh trace context is made up instead.
/// </summary>
public static class EdgeTracing
{
    public const string SourceName = "CloudRisPacs.Edge";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>The current activity's traceparent, or a new random one.</summary>
    public static string CurrentOrNewTraceParent()
    {
        var activity = Activity.Current;
        if (activity is { IdFormat: ActivityIdFormat.W3C, Id: { } id })
        {
            return id;
        }

        return $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
    }
}
