using System.Globalization;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>
/// A complete local-mode configuration for one test: its own tenant (so its own queues and containers), free loopback
/// ports, a temporary data folder, and short retry delays. Settings can be overridden per test.
/// </summary>
internal sealed class AgentSettings
{
    private readonly Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase);

    public AgentSettings(string? storageConnectionString = null)
    {
        TenantId = $"edge{Guid.NewGuid().ToString("N")[..12]}";
        DataFolder = Path.Combine(Path.GetTempPath(), "cloudrispacs-edge-tests", TenantId);
        MllpPort = FreeTcpPort.Next();
        DicomPort = FreeTcpPort.Next();
        StatusPort = FreeTcpPort.Next();
        StorageConnectionString = storageConnectionString ?? AzuriteEnvironment.ConnectionString;
        Set("TenantId", TenantId);
        Set("SiteId", "test-site");
        Set("DataFolder", DataFolder);
        Set("Cloud:Mode", "StorageQueues");
        Set("Cloud:StorageConnectionString", StorageConnectionString);
        Set("Mllp:ListenAddress", "127.0.0.1");
        Set("Mllp:Port", MllpPort);
        Set("Dicom:ListenAddress", "127.0.0.1");
        Set("Dicom:Port", DicomPort);
        Set("Dicom:AllowAnyCallingAeTitle", "true");
        Set("Status:Port", StatusPort);
        Set("Forwarder:RetryDelay", "00:00:00.200");
        Set("Forwarder:MaxRetryDelay", "00:00:01");
        Set("Forwarder:IdlePollInterval", "00:00:00.500");
        Set("HeartbeatInterval", "00:01:00");
        Set("Spool:MinFreeDiskBytes", "0");
    }

    public string TenantId { get; }

    public string DataFolder { get; }

    public int MllpPort { get; }

    public int DicomPort { get; }

    public int StatusPort { get; }

    public string StorageConnectionString { get; }

    public Uri StatusUri => new($"http://127.0.0.1:{StatusPort}/status");

    public string IngressQueue => $"ingress-{TenantId}";

    public string EdgeQueue => $"edge-{TenantId}";

    /// <summary>Sets <c>EdgeAgent:{key}</c>.</summary>
    public AgentSettings Set(string key, object? value)
    {
        values[$"EdgeAgent:{key}"] = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();
        return this;
    }

    /// <summary>The settings as configuration keys (<c>EdgeAgent:Mllp:Port</c>).</summary>
    public IReadOnlyDictionary<string, string?> AsConfiguration() => values;

    /// <summary>The settings as environment variables (<c>EdgeAgent__Mllp__Port</c>), for the agent process.</summary>
    public IReadOnlyDictionary<string, string> AsEnvironment() =>
        values.Where(p => p.Value is not null).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!);
}
