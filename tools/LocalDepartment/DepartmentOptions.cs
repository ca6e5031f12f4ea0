namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>
/// What <see cref="Department"/> starts and where. Ports of 0 are replaced by free loopback ports at start; run.sh uses
/// the fixed defaults below so the README's commands work as printed.
/// </summary>
public sealed class DepartmentOptions
{
    /// <summary>The repository root (the folder holding CloudRisPacs.sln): the built hosts, Azurite and scripts live there.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>State of every process (Azurite data, the agent's store and spool, API keys, logs). Kept across runs.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Which build of the hosts to run (<c>Release</c> for run.sh, the tests' own configuration for them).</summary>
    public string BuildConfiguration { get; init; } = "Release";

    public string TenantId { get; init; } = "demo-clinic";

    public string DicomAeTitle { get; init; } = "CLOUDRISPACS";

    public int MllpPort { get; init; } = 2575;

    public int DicomPort { get; init; } = 11112;

    public int StatusPort { get; init; } = 8480;

    public int ApiPort { get; init; } = 7071;

    /// <summary>The demo RIS listener's MLLP port: the agent sends results there.</summary>
    public int RisPort { get; init; } = 2576;

    /// <summary>Start the demo RIS (python-hl7's MLLP server) on <see cref="RisPort"/>; false when a real RIS listens there.</summary>
    public bool StartDemoRis { get; init; } = true;

    /// <summary>Extra settings of the local cloud host (<c>CloudRisPacs:Pipeline:…</c>, <c>LocalHost:TimerSchedules:…</c>).</summary>
    public IDictionary<string, string> CloudSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Extra settings of the edge agent (<c>EdgeAgent:…</c>), over edge-agent/packaging/appsettings.local.json.</summary>
    public IDictionary<string, string> AgentSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long each process may take to answer after start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
