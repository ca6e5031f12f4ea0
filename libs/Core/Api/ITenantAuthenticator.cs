namespace CloudRisPacs.Core.Api;

/// <summary>
/// Decides which tenant an API request acts for, from its credential alone (the <c>Authorization</c> header). In
/// Azure: an Entra ID bearer token, validated (issuer, audience, signature, lifetime) and mapped from its client id to
/// a tenant through the <c>EdgeAgents</c> table; locally: a per-tenant API key. Function keys are not used for this:
/// a function key identifies the app, not a tenant.
/// </summary>
public interface ITenantAuthenticator
{
    Task<TenantAuthenticationResult> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken);
}
