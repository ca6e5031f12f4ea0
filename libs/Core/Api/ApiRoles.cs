namespace CloudRisPacs.Core.Api;

/// <summary>
/// Roles of API callers. <see cref="EdgeAgent"/> (the app role Entra ID puts in an edge agent's token) may only sync its
/// worklist; <see cref="Staff"/> (RIS/PACS staff tooling) may read status, resolve exceptions and submit reports.
/// </summary>
public static class ApiRoles
{
    public const string EdgeAgent = "EdgeAgent";
    public const string Staff = "Staff";

    public static IReadOnlyList<string> All { get; } = [EdgeAgent, Staff];
}
