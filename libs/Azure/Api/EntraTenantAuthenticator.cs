using System.Security.Claims;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Watchdogs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CloudRisPacs.Azure.Api;

/// <summary>
/// Azure: the API credential is an Entra ID access token. It is validated here (signature against the authority's
/// published keys, issuer, audience, lifetime) even though App Service authentication checked it too. Entra ID issues
/// two shapes: v2 (<c>aud</c> = the API's client id, <c>iss</c> = <c>…/{directory}/v2.0</c>) and v1 (<c>aud</c> =
/// <c>api://{client id}</c>, <c>iss</c> = <c>https://sts.windows.net/{directory}/</c>); both are accepted for the
/// configured directory only. Then its client
/// id (<c>azp</c> in v2 tokens, <c>appid</c> in v1) is looked up in the <c>EdgeAgents</c> table: that row names the
/// tenant and the role the client may have. The token must carry that role as an app role (<c>roles</c> claim), so
/// neither the registration nor the token alone grants access. Nothing in the request body or URL decides the tenant.
/// A client id registered for more than one tenant authenticates as none of them (logged as an error): picking one
/// would let one clinic's client act in another's data.
/// </summary>
public sealed partial class EntraTenantAuthenticator : ITenantAuthenticator, IDisposable
{
    private const int KeyRefreshPolls = 50;
    private static readonly TimeSpan KeyRefreshPollInterval = TimeSpan.FromMilliseconds(100);
    private readonly JsonWebTokenHandler handler = new();
    private readonly IConfigurationManager<OpenIdConnectConfiguration> configuration;
    private readonly EdgeAgentRegistry agents;
    private readonly EntraApiOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim refresh = new(1, 1);
    private Dictionary<string, List<(TenantId Tenant, string Role)>> clients = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset clientsReadAt = DateTimeOffset.MinValue;
    private readonly Lock keyRefreshGate = new();
    private DateTimeOffset keyRefreshRequestedAt = DateTimeOffset.MinValue;

    public EntraTenantAuthenticator(EntraApiOptions options, EdgeAgentRegistry agents, IConfigurationManager<OpenIdConnectConfiguration>? configuration = null,
        TimeProvider? time = null, ILogger<EntraTenantAuthenticator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agents);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        this.options = options;
        this.agents = agents;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<EntraTenantAuthenticator>.Instance;
        this.configuration = configuration ?? new ConfigurationManager<OpenIdConnectConfiguration>(
            new Uri(options.Authority!, options.Authority!.AbsolutePath.TrimEnd('/') + "/.well-known/openid-configuration").ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = true });
    }

    public async Task<TenantAuthenticationResult> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (BearerToken.Read(authorizationHeader) is not { } token)
        {
            return TenantAuthenticationResult.Fail("An 'Authorization: Bearer <Entra ID access token>' header is required.");
        }

        var result = await ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return TenantAuthenticationResult.Fail($"The bearer token is not valid: {result.Exception?.GetType().Name ?? "rejected"}.");
        }

        var identity = result.ClaimsIdentity;
        var clientId = identity.FindFirst("azp")?.Value ?? identity.FindFirst("appid")?.Value;
        if (string.IsNullOrEmpty(clientId))
        {
            return TenantAuthenticationResult.Fail("The token names no client (azp or appid).");
        }

        var registrations = await FindClientAsync(clientId, cancellationToken).ConfigureAwait(false);
        if (registrations.Count == 0)
        {
            return TenantAuthenticationResult.Fail($"Client {clientId} is not registered for any tenant.");
        }

        if (registrations.Count > 1)
        {
            var tenants = string.Join(", ", registrations.Select(r => r.Tenant.Value));
            LogClientInSeveralTenants(logger, clientId, tenants);
            return TenantAuthenticationResult.Fail($"Client {clientId} is registered for more than one tenant; it is refused until only one remains.");
        }

        var registration = registrations[0];
        var tokenRoles = identity.FindAll("roles").Concat(identity.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (!tokenRoles.Contains(registration.Role))
        {
            return TenantAuthenticationResult.Fail($"The token does not carry the app role '{registration.Role}' its client is registered for.");
        }

        return TenantAuthenticationResult.Success(new TenantPrincipal(registration.Tenant, clientId, [registration.Role]));
    }

    public void Dispose() => refresh.Dispose();

    /// <summary>
    /// Validates against the cached metadata. A token signed with a key it does not list (the authority rolled its keys
    /// over, for example in an emergency) makes the manager read the metadata again, at most once per its
    /// <c>RefreshInterval</c> (5 min) so made-up key ids cannot make every request fetch the keys; the token is then
    /// validated against the new keys. Without this the old keys would be used until the 12 h automatic refresh.
    /// </summary>
    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var metadata = await configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var result = await handler.ValidateTokenAsync(token, Parameters(metadata)).ConfigureAwait(false);
        if (result.Exception is not SecurityTokenSignatureKeyNotFoundException || !TakeKeyRefresh())
        {
            return result;
        }

        configuration.RequestRefresh();

        // The manager reads the metadata in the background and returns the cached one until it has the new one.
        for (var attempt = 0; attempt < KeyRefreshPolls; attempt++)
        {
            var refreshed = await configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(refreshed, metadata))
            {
                LogSigningKeysRefreshed(logger, refreshed.SigningKeys.Count);
                return await handler.ValidateTokenAsync(token, Parameters(refreshed)).ConfigureAwait(false);
            }

            await Task.Delay(KeyRefreshPollInterval, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>True when no key refresh was asked for within the manager's <c>RefreshInterval</c>; records this one.</summary>
    private bool TakeKeyRefresh()
    {
        var interval = (configuration as BaseConfigurationManager)?.RefreshInterval ?? BaseConfigurationManager.DefaultRefreshInterval;
        var now = time.GetUtcNow();
        lock (keyRefreshGate)
        {
            if (now - keyRefreshRequestedAt < interval)
            {
                return false;
            }

            keyRefreshRequestedAt = now;
            return true;
        }
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration metadata) => new()
    {
        ValidAudiences = options.ValidAudiences(),
        ValidIssuers = options.ValidIssuers(),
        IssuerSigningKeys = metadata.SigningKeys,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = options.ClockSkew,
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore.Value - parameters.ClockSkew <= now) && expires is { } e && now <= e + parameters.ClockSkew;
        },
    };

    /// <summary>Every registration of the client id: none, one, or (a registration error) several tenants.</summary>
    private async Task<IReadOnlyList<(TenantId Tenant, string Role)>> FindClientAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (clients.TryGetValue(clientId, out var known) && now - clientsReadAt < options.ClientMapRefresh)
        {
            return known;
        }

        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A miss re-reads at most every few seconds, so unknown clients cannot make every request scan the table.
            if (now - clientsReadAt >= TimeSpan.FromSeconds(5))
            {
                var map = new Dictionary<string, List<(TenantId, string)>>(StringComparer.OrdinalIgnoreCase);
                await foreach (var (tenant, id, role) in agents.ListClientsAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!map.TryGetValue(id, out var registrations))
                    {
                        map[id] = registrations = [];
                    }

                    registrations.Add((tenant, role));
                }

                clients = map;
                clientsReadAt = now;
            }
        }
        finally
        {
            refresh.Release();
        }

        return clients.TryGetValue(clientId, out var found) ? found : [];
    }

    [LoggerMessage(EventId = 2501, Level = LogLevel.Error,
        Message = "Client {ClientId} is registered for several tenants ({Tenants}); its requests are refused until one registration is removed")]
    private static partial void LogClientInSeveralTenants(ILogger logger, string clientId, string tenants);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information,
        Message = "A token was signed with a key the cached metadata does not list; the signing keys were read again ({KeyCount} keys)")]
    private static partial void LogSigningKeysRefreshed(ILogger logger, int keyCount);
}
