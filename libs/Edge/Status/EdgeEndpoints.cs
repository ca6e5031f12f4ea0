using System.Collections.Concurrent;

namespace CloudRisPacs.Edge.Status;

/// <summary>The endpoints the agent listens on, as each listener reports them once bound (printed at start, shown in status).</summary>
public sealed class EdgeEndpoints
{
    private readonly ConcurrentDictionary<string, string> endpoints = new(StringComparer.Ordinal);

    public void Set(string name, string endpoint) => endpoints[name] = endpoint;

    public IReadOnlyDictionary<string, string> Snapshot() =>
        new SortedDictionary<string, string>(endpoints.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
}
