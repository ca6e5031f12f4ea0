namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The edge agent's whole configuration (section <c>EdgeAgent</c> of appsettings.json, or environment variables such as
/// <c>EdgeAgent__TenantId</c>). <see cref="EdgeAgentOptionsValidator"/> lists every problem before anything starts.
/// </summary>
public sealed class EdgeAgentOptions
{
    public const string SectionName = "EdgeAgent";

    /// <summary>The clinic's tenant id, as onboarding issued it (<c>EdgeAgent__TenantId</c>).</summary>
    public string? TenantId { get; set; }

    /// <summary>This installation's name within the tenant (a clinic may run one agent per site).</summary>
    public string? SiteId { get; set; }

    /// <summary>Where the durable store (<c>edge.db</c>) and the DICOM spool live. Must be on a local disk.</summary>
    public string? DataFolder { get; set; }

    public CloudConnectionOptions Cloud { get; set; } = new();

    public MllpListenerOptions Mllp { get; set; } = new();

    public RisEndpointOptions Ris { get; set; } = new();

    public DicomListenerOptions Dicom { get; set; } = new();

    public StatusEndpointOptions Status { get; set; } = new();

    public ForwarderOptions Forwarder { get; set; } = new();

    public WorklistSyncOptions Worklist { get; set; } = new();

    public SpoolOptions Spool { get; set; } = new();

    /// <summary>How often the agent tells the cloud it is alive (<c>edge.heartbeat</c>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long forwarded, delivered and uploaded records are kept locally for duplicate detection and diagnosis.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The full path of the SQLite database.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataFolder ?? "."), "edge.db");

    /// <summary>The full path of the DICOM spool folder.</summary>
    public string SpoolFolder => Path.Combine(Path.GetFullPath(DataFolder ?? "."), "spool");
}
