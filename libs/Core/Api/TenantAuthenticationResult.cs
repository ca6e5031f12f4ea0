namespace CloudRisPacs.Core.Api;

/// <summary>The outcome of authenticating a request: a principal, or why not (never echoing the credential).</summary>
public sealed record TenantAuthenticationResult(TenantPrincipal? Principal, string? Failure)
{
    public bool Succeeded => Principal is not null;

    public static TenantAuthenticationResult Success(TenantPrincipal principal) => new(principal, null);

    public static TenantAuthenticationResult Fail(string reason) => new(null, reason);
}
