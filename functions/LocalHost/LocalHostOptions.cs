namespace CloudRisPacs.Functions.LocalHost;

/// <summary>
/// The local host's configuration (section <c>LocalHost</c>; command line <c>--LocalHost:Port=7071</c>, environment
/// <c>LocalHost__Port=7071</c>, or appsettings.json). Pipeline settings go under <c>CloudRisPacs:Pipeline</c> as in Azure.
/// </summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>The Azurite connection string (Tables, Blobs and Queues; Storage Queues are the bus).</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Loopback address to listen on.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP port; 0 picks a free one (printed at start).</summary>
    public int Port { get; set; } = 7071;

    /// <summary>Run the timer functions on their schedules.</summary>
    public bool TimersEnabled { get; set; } = true;

    public IList<LocalTenantOptions> Tenants { get; } = [];

    /// <summary>
    /// NCRONTAB schedules (six fields) that replace a timer function's own, by function name; for example
    /// <c>LocalHost:TimerSchedules:WatchdogImagesWithoutOrders=*/2 * * * * *</c> so a local run or an end-to-end test sees
    /// a watchdog act within seconds. In Azure the schedules are the functions' attributes.
    /// </summary>
    public IDictionary<string, string> TimerSchedules { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            problems.Add("LocalHost:StorageConnectionString is required (the Azurite connection string).");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"LocalHost:Port {Port} is not a TCP port.");
        }

        if (!System.Net.IPAddress.TryParse(ListenAddress, out var address) || !System.Net.IPAddress.IsLoopback(address))
        {
            problems.Add($"LocalHost:ListenAddress '{ListenAddress}' must be a loopback address.");
        }

        if (Tenants.Count == 0)
        {
            problems.Add("LocalHost:Tenants needs at least one tenant (LocalHost:Tenants:0:Id, :EdgeApiKey, :StaffApiKey).");
        }

        foreach (var (name, schedule) in TimerSchedules)
        {
            if (!Cronos.CronExpression.TryParse(schedule, Cronos.CronFormat.IncludeSeconds, out _))
            {
                problems.Add($"LocalHost:TimerSchedules:{name} '{schedule}' is not a six-field NCRONTAB expression.");
            }
        }

        for (var i = 0; i < Tenants.Count; i++)
        {
            problems.AddRange(Tenants[i].Validate($"LocalHost:Tenants:{i}"));
        }

        return problems;
    }
}

/// <summary>One tenant of the local host and its API keys (kept only as hashes once the host has started).</summary>
public sealed class LocalTenantOptions
{
    public string? Id { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>The edge agent's key: may sync the worklist (<c>Authorization: Bearer {key}</c>).</summary>
    public string? EdgeApiKey { get; set; }

    /// <summary>Staff key: status, exceptions, reports, trace.</summary>
    public string? StaffApiKey { get; set; }

    public IReadOnlyList<string> Validate(string path)
    {
        var problems = new List<string>();
        if (!Core.Tenancy.TenantId.TryParse(Id, out _))
        {
            problems.Add($"{path}:Id '{Id}' is not a tenant id (3-24 lower-case letters, digits and single hyphens).");
        }

        if (string.IsNullOrEmpty(EdgeApiKey) && string.IsNullOrEmpty(StaffApiKey))
        {
            problems.Add($"{path} needs an EdgeApiKey or a StaffApiKey.");
        }

        foreach (var (name, key) in new[] { ("EdgeApiKey", EdgeApiKey), ("StaffApiKey", StaffApiKey) })
        {
            if (key is { Length: > 0 and < Core.Api.ApiKeyRegistration.MinimumKeyLength })
            {
                problems.Add($"{path}:{name} is shorter than {Core.Api.ApiKeyRegistration.MinimumKeyLength} characters.");
            }
        }

        return problems;
    }
}
