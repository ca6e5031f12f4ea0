namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>Removes a test tenant's queues, containers and data folder on dispose; declare it first so it runs last.</summary>
internal sealed class TenantCleanup(AgentSettings settings) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(InProcessAgent.CleanUpAsync(settings));
}
