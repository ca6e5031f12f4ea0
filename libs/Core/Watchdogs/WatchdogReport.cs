namespace CloudRisPacs.Core.Watchdogs;

/// <summary>What one watchdog run found: tenants checked and exceptions newly raised (or actions taken).</summary>
public sealed record WatchdogReport(string Watchdog, int TenantsChecked, int Raised, IReadOnlyList<string> Notes)
{
    /// <summary>Tenants whose check failed ("tenant: reason"); every other tenant was still checked. The host fails the run when any.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
}
