using System.Security.Cryptography;

namespace CloudRisPacs.Core.Api;

/// <summary>
/// Local mode: <c>Authorization: Bearer {api key}</c>. The presented key is hashed and compared with every registered
/// hash in constant time (all of them, so the time does not tell which tenant came close); keys are never stored in
/// clear.
/// </summary>
public sealed class ApiKeyTenantAuthenticator : ITenantAuthenticator
{
    private readonly ApiKeyRegistration[] registrations;

    public ApiKeyTenantAuthenticator(IEnumerable<ApiKeyRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        this.registrations = registrations.ToArray();
        var duplicate = this.registrations.GroupBy(r => Convert.ToHexString(r.KeyHash)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException("Two API keys are the same; every key must be unique.", nameof(registrations));
        }
    }

    public Task<TenantAuthenticationResult> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (BearerToken.Read(authorizationHeader) is not { } key)
        {
            return Task.FromResult(TenantAuthenticationResult.Fail("An 'Authorization: Bearer <api key>' header is required."));
        }

        var hash = ApiKeyRegistration.Hash(key);
        ApiKeyRegistration? match = null;
        foreach (var registration in registrations)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, registration.KeyHash))
            {
                match = registration;
            }
        }

        return Task.FromResult(match is null
            ? TenantAuthenticationResult.Fail("The API key is not valid.")
            : TenantAuthenticationResult.Success(new TenantPrincipal(match.Tenant, match.Name, [match.Role])));
    }
}
