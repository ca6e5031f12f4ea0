using CloudRisPacs.Core.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Core.Api;

/// <summary>
/// Refuses the principals of a tenant that is disabled in the registry (<see cref="TenantRecord.Enabled"/>), whatever
/// credential authenticated them: an offboarded clinic's Entra ID client or API key keeps working otherwise until
/// someone removes it too. Every host's authenticator is wrapped in it. The registry is read through its cache, so a
/// tenant disabled by another process is refused within <see cref="TenantRegistry.CacheDuration"/>. A tenant without
/// a registry row counts as enabled, as it does for the bus consumer.
/// </summary>
public sealed partial class EnabledTenantAuthenticator : ITenantAuthenticator, IDisposable
{
    private readonly ITenantAuthenticator inner;
    private readonly TenantRegistry tenants;
    private readonly ILogger logger;

    public EnabledTenantAuthenticator(ITenantAuthenticator inner, TenantRegistry tenants, ILogger<EnabledTenantAuthenticator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(tenants);
        this.inner = inner;
        this.tenants = tenants;
        this.logger = logger ?? NullLogger<EnabledTenantAuthenticator>.Instance;
    }

    public async Task<TenantAuthenticationResult> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateAsync(authorizationHeader, cancellationToken).ConfigureAwait(false);
        if (result.Principal is not { } principal)
        {
            return result;
        }

        var record = await tenants.FindAsync(principal.Tenant, cancellationToken).ConfigureAwait(false);
        if (record is { Enabled: false })
        {
            LogDisabledTenant(logger, principal.ClientId, principal.Tenant.Value);
            return TenantAuthenticationResult.Fail($"Tenant '{principal.Tenant.Value}' is disabled.");
        }

        return result;
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning,
        Message = "API call of {Caller} refused: its tenant {Tenant} is disabled in the tenant registry")]
    private static partial void LogDisabledTenant(ILogger logger, string caller, string tenant);
}
