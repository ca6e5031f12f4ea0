using System.Security.Cryptography;
using System.Text;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Api;

/// <summary>A local-mode API key: only its SHA-256 hash is kept, with the tenant and role it grants.</summary>
public sealed record ApiKeyRegistration(TenantId Tenant, string Role, string Name, byte[] KeyHash)
{
    public const int MinimumKeyLength = 16;

    public static ApiKeyRegistration FromKey(TenantId tenant, string role, string name, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"The API key '{name}' of tenant '{tenant.Value}' is shorter than {MinimumKeyLength} characters.", nameof(key));
        }

        if (!ApiRoles.All.Contains(role, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Role '{role}' is not one of {string.Join(", ", ApiRoles.All)}.", nameof(role));
        }

        return new ApiKeyRegistration(tenant, role, name, Hash(key));
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
