namespace CloudRisPacs.Core.Tenancy;

/// <summary>
/// Configuration keys of the edge agent's cloud connection, in environment-variable form (<c>__</c> separates
/// sections). The tenant onboarding template outputs exactly these, so a clinic copies them into its configuration.
/// </summary>
public static class EdgeAgentSettingNames
{
    public const string TenantId = "EdgeAgent__TenantId";
    public const string SiteId = "EdgeAgent__SiteId";

    /// <summary><c>ServiceBus</c> in Azure; <c>StorageQueues</c> for local mode on Azurite.</summary>
    public const string CloudMode = "EdgeAgent__Cloud__Mode";
    public const string ServiceBusNamespace = "EdgeAgent__Cloud__ServiceBusNamespace";
    public const string BlobServiceUri = "EdgeAgent__Cloud__BlobServiceUri";
    public const string IngressQueue = "EdgeAgent__Cloud__IngressQueue";
    public const string EdgeQueue = "EdgeAgent__Cloud__EdgeQueue";
    public const string DicomContainer = "EdgeAgent__Cloud__DicomContainer";
    public const string ClaimCheckContainer = "EdgeAgent__Cloud__ClaimCheckContainer";
    public const string ApiBaseUri = "EdgeAgent__Cloud__ApiBaseUri";

    /// <summary>
    /// Entra ID application ID URI of the cloud HTTP API (e.g. <c>api://{client id}</c>); the agent requests tokens for
    /// <c>{ApiAudience}/.default</c> and sends them as bearer tokens to <see cref="ApiBaseUri"/>.
    /// </summary>
    public const string ApiAudience = "EdgeAgent__Cloud__ApiAudience";

    /// <summary>Entra ID credential of the edge agent: the directory, and the identity's client id.</summary>
    public const string EntraTenantId = "EdgeAgent__Cloud__Credential__EntraTenantId";
    public const string ClientId = "EdgeAgent__Cloud__Credential__ClientId";

    /// <summary>Local mode only: an Azurite connection string (never used against Azure).</summary>
    public const string StorageConnectionString = "EdgeAgent__Cloud__StorageConnectionString";

    /// <summary>
    /// Local mode only: the tenant's API key, sent as <c>Authorization: Bearer &lt;key&gt;</c> to <see cref="ApiBaseUri"/>
    /// instead of an Entra ID token (the local cloud host checks it per tenant).
    /// </summary>
    public const string ApiKey = "EdgeAgent__Cloud__ApiKey";

    public static IReadOnlyList<string> OnboardingOutputs { get; } =
    [
        TenantId, CloudMode, ServiceBusNamespace, BlobServiceUri, IngressQueue, EdgeQueue, DicomContainer,
        ClaimCheckContainer, ApiBaseUri, ApiAudience, EntraTenantId, ClientId,
    ];
}
