using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Api;

/// <summary>An authenticated API caller: the tenant its credential belongs to (never taken from the request), who, and its roles.</summary>
public sealed record TenantPrincipal(TenantId Tenant, string ClientId, IReadOnlyCollection<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Name for audit records.</summary>
    public string Actor => $"{ClientId} ({string.Join(",", Roles)})";
}
