using System.Globalization;

namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>
/// A whole radiology department on one machine: Azurite, the local cloud host with the demo tenant, the demo RIS
/// listener and the edge agent in local mode, each a real process started from the repository's build, in that order;
/// stopped in reverse order. run.sh and the end-to-end tests start it the same way.
/// </summary>
public sealed class Department : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private readonly List<ChildProcess> hosts = [];

    private Department(DepartmentOptions options, LocalAzurite azurite, DemoApiKeys keys)
    {
        Options = options;
        Azurite = azurite;
        Keys = keys;
    }

    public DepartmentOptions Options { get; }

    public LocalAzurite Azurite { get; }

    public DemoApiKeys Keys { get; }

    public DepartmentEndpoints Endpoints { get; private set; } = null!;

    public ChildProcess CloudHost { get; private set; } = null!;

    public ChildProcess EdgeAgent { get; private set; } = null!;

    public ChildProcess? DemoRis { get; private set; }

    /// <summary>Every running process (for a watch over unexpected exits).</summary>
    public IReadOnlyList<ChildProcess> Processes =>
        [.. hosts, .. Azurite.Process is { } azurite ? new[] { azurite } : []];

    public static async Task<Department> StartAsync(DepartmentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.GetFullPath(options.DataFolder);
        var logs = Path.Combine(data, "logs");
        Directory.CreateDirectory(logs);
        var keys = DemoApiKeys.LoadOrCreate(data);
        var azurite = new LocalAzurite(options.RepositoryRoot, Path.Combine(data, "azurite"), Path.Combine(logs, "azurite.log"));
        var department = new Department(options, azurite, keys);
        try
        {
            await department.StartProcessesAsync(data, logs, cancellationToken).ConfigureAwait(false);
            return department;
        }
        catch
        {
            await department.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the edge agent, the cloud host, the RIS and Azurite, in that order (SIGTERM each, then wait).</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = hosts.Count - 1; i >= 0; i--)
        {
            await hosts[i].DisposeAsync().ConfigureAwait(false);
        }

        hosts.Clear();
        await Azurite.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StartProcessesAsync(string data, string logs, CancellationToken cancellationToken)
    {
        var timeout = Options.StartTimeout;
        var taken = new[] { ("cloud API", Options.ApiPort), ("demo RIS", Options.StartDemoRis ? Options.RisPort : 0), ("MLLP", Options.MllpPort),
                ("DICOM", Options.DicomPort), ("edge status", Options.StatusPort) }
            .Where(p => p.Item2 != 0 && FreePort.IsListening(p.Item2)).Select(p => $"{p.Item1} port {p.Item2}").ToArray();
        if (taken.Length > 0)
        {
            throw new DepartmentStartException($"Already in use: {string.Join(", ", taken)}. Is ./run.sh running in another terminal? (Stop it with Ctrl-C.)");
        }

        var apiPort = FreePort.OrNext(Options.ApiPort);
        var risPort = FreePort.OrNext(Options.RisPort);
        var mllpPort = FreePort.OrNext(Options.MllpPort);
        var dicomPort = FreePort.OrNext(Options.DicomPort);
        var statusPort = FreePort.OrNext(Options.StatusPort);
        var apiUri = new Uri($"http://{DepartmentEndpoints.Host}:{apiPort}/api");
        var statusUri = new Uri($"http://{DepartmentEndpoints.Host}:{statusPort}/status");
        var risLog = Path.Combine(data, "ris", "received.jsonl");
        Endpoints = new DepartmentEndpoints(Options.TenantId, mllpPort, Options.DicomAeTitle, dicomPort, statusUri, apiUri, risPort, risLog,
            Keys.File, logs, Azurite.BlobEndpoint);

        await Azurite.StartAsync(timeout, cancellationToken).ConfigureAwait(false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        CloudHost = Start("cloud host", "dotnet", [Built("functions/LocalHost", "cloudrispacs-cloud-local.dll")], Path.Combine(logs, "cloud.log"),
            AsEnvironment(CloudSettings(apiPort)));
        await Readiness.WaitAsync(CloudHost, () => Readiness.HttpOkAsync(http, new Uri($"{apiUri}/ping")), $"GET {apiUri}/ping answers",
            timeout, cancellationToken).ConfigureAwait(false);

        if (Options.StartDemoRis)
        {
            var script = Path.Combine(Options.RepositoryRoot, "scripts", "demo", "ris_listener.py");
            DemoRis = Start("demo RIS", "/usr/bin/python3", [script, risPort.ToString(CultureInfo.InvariantCulture), risLog], Path.Combine(logs, "ris.log"));
            await Readiness.WaitAsync(DemoRis, () => Task.FromResult(FreePort.IsListening(risPort)), $"the demo RIS listens on port {risPort}",
                timeout, cancellationToken).ConfigureAwait(false);
        }

        EdgeAgent = Start("edge agent", "dotnet",
            [Built("edge-agent", "cloudrispacs-edge.dll"), "--config", Path.Combine(Options.RepositoryRoot, "edge-agent", "packaging", "appsettings.local.json")],
            Path.Combine(logs, "edge-agent.log"), AsEnvironment(AgentSettings(data, apiUri, mllpPort, dicomPort, statusPort, risPort)));
        await Readiness.WaitAsync(EdgeAgent, () => Readiness.HttpOkAsync(http, statusUri), $"GET {statusUri} answers",
            timeout, cancellationToken).ConfigureAwait(false);
    }

    private Dictionary<string, string> CloudSettings(int apiPort)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LocalHost:StorageConnectionString"] = Azurite.ConnectionString,
            ["LocalHost:Port"] = apiPort.ToString(CultureInfo.InvariantCulture),
            ["LocalHost:Tenants:0:Id"] = Options.TenantId,
            ["LocalHost:Tenants:0:DisplayName"] = "Demo clinic",
            ["LocalHost:Tenants:0:EdgeApiKey"] = Keys.EdgeKey,
            ["LocalHost:Tenants:0:StaffApiKey"] = Keys.StaffKey,
            // Orders reach the worklist within a poll: the ingress pump waits at most this long when idle (default 5 s).
            ["CloudRisPacs:Bus:StorageQueues:MaxPollInterval"] = "00:00:00.250",
        };
        foreach (var (key, value) in Options.CloudSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private Dictionary<string, string> AgentSettings(string data, Uri apiUri, int mllpPort, int dicomPort, int statusPort, int risPort)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EdgeAgent:TenantId"] = Options.TenantId,
            ["EdgeAgent:DataFolder"] = Path.Combine(data, "edge-agent"),
            ["EdgeAgent:Cloud:StorageConnectionString"] = Azurite.ConnectionString,
            ["EdgeAgent:Cloud:ApiBaseUri"] = $"http://{DepartmentEndpoints.Host}:{apiUri.Port}",
            ["EdgeAgent:Cloud:ApiKey"] = Keys.EdgeKey,
            ["EdgeAgent:Mllp:Port"] = mllpPort.ToString(CultureInfo.InvariantCulture),
            ["EdgeAgent:Dicom:AeTitle"] = Options.DicomAeTitle,
            ["EdgeAgent:Dicom:Port"] = dicomPort.ToString(CultureInfo.InvariantCulture),
            ["EdgeAgent:Status:Port"] = statusPort.ToString(CultureInfo.InvariantCulture),
            ["EdgeAgent:Ris:Host"] = DepartmentEndpoints.Host,
            ["EdgeAgent:Ris:Port"] = risPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in Options.AgentSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string log, IReadOnlyDictionary<string, string>? environment = null)
    {
        var child = ChildProcess.Start(name, fileName, arguments, log, environment, Options.RepositoryRoot);
        hosts.Add(child);
        return child;
    }

    private string Built(string project, string dll)
    {
        var path = Path.Combine(Options.RepositoryRoot, project, "bin", Options.BuildConfiguration, "net10.0", dll);
        return File.Exists(path) ? path : throw new DepartmentStartException($"{path} is missing: build the solution ({Options.BuildConfiguration}) first.");
    }

    /// <summary>Settings as environment variables (<c>A:B</c> → <c>A__B</c>): keys stay out of the process list.</summary>
    private static Dictionary<string, string> AsEnvironment(Dictionary<string, string> settings)
    {
        var environment = settings.ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }
}
