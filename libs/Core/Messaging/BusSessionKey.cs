using System.Security.Cryptography;
using System.Text;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Builds <see cref="BusMessage.SessionKey"/> values. Order matters per patient within a tenant, so the key is
/// <c>{tenant}/{patient}</c>; a patient key too long for the transport is replaced by its SHA-256 so the key stays
/// stable and within <see cref="BusMessageRules.MaxIdLength"/>.
/// </summary>
public static class BusSessionKey
{
    private const string HashedPrefix = "sha256:";

    /// <summary>The ordering key for everything about one patient of one tenant.</summary>
    public static string For(TenantId tenant, string patientKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientKey);
        var key = $"{tenant.Value}/{patientKey}";
        if (key.Length <= BusMessageRules.MaxIdLength && !HasControlCharacters(patientKey))
        {
            return key;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(patientKey)));
        return $"{tenant.Value}/{HashedPrefix}{hash}";
    }

    /// <summary>The ordering key for tenant-wide messages that have no patient (heartbeats, snapshot requests).</summary>
    public static string ForTenant(TenantId tenant) => $"{tenant.Value}/-";

    private static bool HasControlCharacters(string value) => value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0;
}
