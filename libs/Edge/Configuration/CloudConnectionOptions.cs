namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The cloud connection (section <c>EdgeAgent:Cloud</c>). The tenant onboarding template outputs these keys in
/// environment-variable form (<c>Core.Tenancy.EdgeAgentSettingNames</c>); <see cref="ApiKey"/> and
/// <see cref="StorageConnectionString"/> are for local mode only.
/// </summary>
public sealed class CloudConnectionOptions
{
    public CloudMode? Mode { get; set; }

    /// <summary>For example <c>clinic-bus.servicebus.windows.net</c> (ServiceBus mode).</summary>
    public string? ServiceBusNamespace { get; set; }

    /// <summary>A Service Bus connection string with a shared access key, instead of Entra ID (tools and tests).</summary>
    public string? ServiceBusConnectionString { get; set; }

    /// <summary>For example <c>https://account.blob.core.windows.net</c> (ServiceBus mode, with Entra ID).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>An Azurite connection string (StorageQueues mode); blobs and queues both use it.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Edge → cloud queue; defaults to <c>ingress-{tenant}</c>.</summary>
    public string? IngressQueue { get; set; }

    /// <summary>Cloud → edge queue; defaults to <c>edge-{tenant}</c>.</summary>
    public string? EdgeQueue { get; set; }

    /// <summary>The tenant's DICOM container; defaults to <c>dicom-{tenant}</c>.</summary>
    public string? DicomContainer { get; set; }

    /// <summary>The tenant's claim-check container; must be <c>claims-{tenant}</c> (the bus adapters derive it from the tenant).</summary>
    public string? ClaimCheckContainer { get; set; }

    /// <summary>Base address of the cloud HTTP API (worklist sync), for example <c>https://clinic-api.azurewebsites.net</c>.</summary>
    public Uri? ApiBaseUri { get; set; }

    /// <summary>Entra ID application ID URI of the API (<c>api://…</c>); tokens are requested for <c>{ApiAudience}/.default</c>.</summary>
    public string? ApiAudience { get; set; }

    /// <summary>Local mode: the tenant's API key, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string? ApiKey { get; set; }

    public CloudCredentialOptions Credential { get; set; } = new();

    /// <summary>How long one HTTP call or SDK request to the cloud may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// StorageQueues mode: the longest wait between two polls of the idle edge queue (the wait starts at 100 ms and
    /// doubles while the queue stays empty). It bounds how late a worklist change reaches the cache; Service Bus pushes.
    /// </summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
