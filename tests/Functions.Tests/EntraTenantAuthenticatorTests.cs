using System.Security.Cryptography;
using CloudRisPacs.Azure.Api;
using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Watchdogs;
using CloudRisPacs.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CloudRisPacs.Functions.Tests;

/// <summary>
/// Entra ID tokens signed with a test key (the authority's metadata is given as a static configuration): signature,
/// issuer, audience, lifetime and role are checked, and the tenant comes from the client id's registration in the
/// EdgeAgents table on Azurite. The options are those infra/main.bicep sets; tokens have the shapes Entra ID issues.
/// </summary>
public sealed class EntraTenantAuthenticatorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Directory = "11111111-2222-3333-4444-555555555555";
    private const string ApiClientId = "6f1c2b7e-0d3a-4c55-9a8e-2b4f8d1e7c90";
    private const string V1Issuer = $"https://sts.windows.net/{Directory}/";
    private const string V2Issuer = $"https://login.microsoftonline.com/{Directory}/v2.0";
    private static readonly Uri Authority = new(V2Issuer);
    private static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048)) { KeyId = "test-key" };
    private static readonly RsaSecurityKey OtherKey = new(RSA.Create(2048)) { KeyId = "test-key" };

    [Fact]
    public async Task A_valid_token_of_a_registered_client_authenticates_as_its_tenant()
    {
        var (authenticator, tenant, client) = await CreateAsync(ApiRoles.EdgeAgent);
        var result = await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent), default);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(tenant, result.Principal!.Tenant);
        Assert.Equal([ApiRoles.EdgeAgent], result.Principal.Roles);
    }

    [Fact]
    public async Task A_v2_token_for_the_api_client_id_from_the_v2_issuer_is_accepted()
    {
        var (authenticator, tenant, client) = await CreateAsync(ApiRoles.EdgeAgent);
        // requestedAccessTokenVersion=2 (infra/README.md): aud is the client id GUID, never the application ID URI.
        var token = Token(client, ApiRoles.EdgeAgent, audience: ApiClientId, issuer: V2Issuer, version: "2.0");
        var result = await authenticator.AuthenticateAsync("Bearer " + token, default);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(tenant, result.Principal!.Tenant);
    }

    [Fact]
    public async Task A_v1_token_for_the_application_id_uri_from_the_v1_issuer_names_its_client_in_appid()
    {
        var (authenticator, tenant, client) = await CreateAsync(ApiRoles.Staff);
        var token = Token(client, ApiRoles.Staff, audience: $"api://{ApiClientId}", issuer: V1Issuer, clientClaim: "appid", version: "1.0");
        var result = await authenticator.AuthenticateAsync("Bearer " + token, default);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(tenant, result.Principal!.Tenant);
    }

    [Theory]
    [InlineData("wrong-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("v1-issuer-of-another-directory")]
    [InlineData("another-apps-client-id")]
    [InlineData("wrong-key")]
    [InlineData("expired")]
    [InlineData("missing-role")]
    [InlineData("other-role")]
    [InlineData("unregistered-client")]
    [InlineData("not-a-jwt")]
    [InlineData("no-header")]
    public async Task Anything_else_is_refused(string defect)
    {
        var (authenticator, _, client) = await CreateAsync(ApiRoles.EdgeAgent);
        var header = defect switch
        {
            "wrong-audience" => "Bearer " + Token(client, ApiRoles.EdgeAgent, audience: "api://someone-else"),
            "wrong-issuer" => "Bearer " + Token(client, ApiRoles.EdgeAgent, issuer: "https://login.microsoftonline.com/other/v2.0"),
            "v1-issuer-of-another-directory" => "Bearer " + Token(client, ApiRoles.EdgeAgent, issuer: $"https://sts.windows.net/{Guid.NewGuid()}/"),
            "another-apps-client-id" => "Bearer " + Token(client, ApiRoles.EdgeAgent, audience: Guid.NewGuid().ToString()),
            "wrong-key" => "Bearer " + Token(client, ApiRoles.EdgeAgent, key: OtherKey),
            "expired" => "Bearer " + Token(client, ApiRoles.EdgeAgent, expires: DateTime.UtcNow.AddMinutes(-10)),
            "missing-role" => "Bearer " + Token(client, null),
            "other-role" => "Bearer " + Token(client, ApiRoles.Staff),
            "unregistered-client" => "Bearer " + Token(Guid.NewGuid().ToString(), ApiRoles.EdgeAgent),
            "not-a-jwt" => "Bearer abc.def",
            _ => null,
        };

        var result = await authenticator.AuthenticateAsync(header, default);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public async Task A_client_registered_for_two_tenants_authenticates_as_neither()
    {
        var log = new CapturedLog<EntraTenantAuthenticator>();
        var (authenticator, tenant, client) = await CreateAsync(ApiRoles.EdgeAgent, log);
        var other = TenantId.Parse("e" + Guid.NewGuid().ToString("N")[..12]);
        // As a registration racing the first, or a row written by hand, would leave it: RegisterClientAsync refuses it.
        await tables.UpsertAsync(CloudResourceNames.Tables.EdgeAgents, new TableRow(other.Value, EdgeAgentRegistry.ClientPrefix + KeyPart.Encode(client))
        {
            ["ClientId"] = client,
            ["Role"] = ApiRoles.EdgeAgent,
        });

        var result = await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent), default);

        Assert.False(result.Succeeded);
        Assert.Contains("more than one tenant", result.Failure, StringComparison.Ordinal);
        var error = Assert.Single(log.Errors);
        Assert.Contains(client, error, StringComparison.Ordinal);
        Assert.Contains(tenant.Value, error, StringComparison.Ordinal);
        Assert.Contains(other.Value, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_of_a_disabled_tenant_is_refused_and_the_tenant_is_logged()
    {
        var (entra, tenant, client) = await CreateAsync(ApiRoles.EdgeAgent);
        await tables.EnsureTableAsync(CloudResourceNames.Tables.Tenants);
        var registry = new TenantRegistry(tables);
        var log = new CapturedLog<EnabledTenantAuthenticator>();
        using var authenticator = new EnabledTenantAuthenticator(entra, registry, log);
        await registry.RegisterAsync(new TenantRecord(tenant, "Clinic", true, new TenantSettings(), DateTimeOffset.UtcNow));
        Assert.True((await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent), default)).Succeeded);

        // Offboarding: the clinic is disabled, its client registration and app role are still there.
        await registry.RegisterAsync(new TenantRecord(tenant, "Clinic", false, new TenantSettings(), DateTimeOffset.UtcNow));
        var result = await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent), default);

        Assert.False(result.Succeeded);
        Assert.Contains("disabled", result.Failure, StringComparison.Ordinal);
        var warning = Assert.Single(log.Warnings);
        Assert.Contains(tenant.Value, warning, StringComparison.Ordinal);
        Assert.Contains(client, warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_with_a_key_rolled_over_since_the_keys_were_read_is_accepted_after_one_refresh()
    {
        var keys = new RotatingKeys(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "before" });
        var metadata = new ConfigurationManager<OpenIdConnectConfiguration>(RotatingKeys.MetadataAddress, new OpenIdConnectConfigurationRetriever(), keys);
        var (authenticator, tenant, client) = await CreateAsync(ApiRoles.EdgeAgent, metadata: metadata);
        Assert.True((await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent, key: keys.Current), default)).Succeeded);

        // Emergency rollover: the authority publishes a new key and signs with it at once; the cached keys are 12 h old at most.
        keys.Current = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "after" };
        var rolled = await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent, key: keys.Current), default);

        Assert.True(rolled.Succeeded, rolled.Failure);
        Assert.Equal(tenant, rolled.Principal!.Tenant);
        Assert.Equal(2, keys.KeyReads);

        // Made-up key ids do not make every request read the keys: the manager grants one refresh per RefreshInterval.
        var unknown = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "never-published" };
        Assert.False((await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent, key: unknown), default)).Succeeded);
        Assert.False((await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.EdgeAgent, key: unknown), default)).Succeeded);
        Assert.Equal(2, keys.KeyReads);
    }

    [Fact]
    public async Task A_client_of_one_tenant_cannot_be_registered_for_another()
    {
        var (authenticator, tenant, client) = await CreateAsync(ApiRoles.EdgeAgent);
        var other = TenantId.Parse("e" + Guid.NewGuid().ToString("N")[..12]);

        var refused = await Assert.ThrowsAsync<ClientRegisteredElsewhereException>(() => Agents.RegisterClientAsync(other, client, ApiRoles.Staff));
        await Agents.RegisterClientAsync(tenant, client, ApiRoles.Staff);

        Assert.Equal([tenant], refused.RegisteredTo);
        Assert.Contains(client, refused.Message, StringComparison.Ordinal);
        Assert.Null(await tables.GetAsync(CloudResourceNames.Tables.EdgeAgents, other.Value, EdgeAgentRegistry.ClientPrefix + KeyPart.Encode(client)));
        var result = await authenticator.AuthenticateAsync("Bearer " + Token(client, ApiRoles.Staff), default);
        Assert.Equal(tenant, result.Principal?.Tenant);
    }

    [Fact]
    public async Task Local_api_keys_authenticate_their_tenant_and_role_only()
    {
        var a = TenantId.Parse("keys-a");
        var b = TenantId.Parse("keys-b");
        var authenticator = new ApiKeyTenantAuthenticator(
        [
            ApiKeyRegistration.FromKey(a, ApiRoles.EdgeAgent, "a-edge", "edge-key-of-tenant-a"),
            ApiKeyRegistration.FromKey(b, ApiRoles.Staff, "b-staff", "staff-key-of-tenant-b"),
        ]);

        Assert.Equal((a, ApiRoles.EdgeAgent), Unpack(await authenticator.AuthenticateAsync("Bearer edge-key-of-tenant-a", default)));
        Assert.Equal((b, ApiRoles.Staff), Unpack(await authenticator.AuthenticateAsync("bearer staff-key-of-tenant-b", default)));
        Assert.False((await authenticator.AuthenticateAsync("Bearer edge-key-of-tenant-b", default)).Succeeded);
        Assert.False((await authenticator.AuthenticateAsync("Basic edge-key-of-tenant-a", default)).Succeeded);
        Assert.Throws<ArgumentException>(() => ApiKeyRegistration.FromKey(a, ApiRoles.Staff, "short", "short"));
        Assert.Throws<ArgumentException>(() => new ApiKeyTenantAuthenticator(
            [ApiKeyRegistration.FromKey(a, ApiRoles.Staff, "1", "the-same-key-twice"), ApiKeyRegistration.FromKey(b, ApiRoles.Staff, "2", "the-same-key-twice")]));

        static (TenantId, string) Unpack(TenantAuthenticationResult result) => (result.Principal!.Tenant, result.Principal.Roles.Single());
    }

    private readonly AzureTableStore tables = new(azurite.TableService, new StorageRoundTrips());

    private EdgeAgentRegistry Agents => new(tables);

    private async Task<(EntraTenantAuthenticator Authenticator, TenantId Tenant, string Client)> CreateAsync(string role,
        ILogger<EntraTenantAuthenticator>? logger = null, IConfigurationManager<OpenIdConnectConfiguration>? metadata = null)
    {
        await tables.EnsureTableAsync(CloudResourceNames.Tables.EdgeAgents);
        var tenant = TenantId.Parse("e" + Guid.NewGuid().ToString("N")[..12]);
        var client = Guid.NewGuid().ToString();
        await Agents.RegisterClientAsync(tenant, client, role);
        // Entra ID's v2.0 metadata document names the v2 issuer only.
        var configuration = new OpenIdConnectConfiguration { Issuer = V2Issuer };
        configuration.SigningKeys.Add(SigningKey);
        // As infra/main.bicep configures it: CloudRisPacs__Api__ClientId, __Audience = api://{client id}, __Authority.
        var options = new EntraApiOptions { ClientId = ApiClientId, Audience = $"api://{ApiClientId}", Authority = Authority };
        var authenticator = new EntraTenantAuthenticator(options, Agents,
            metadata ?? new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration), logger: logger);
        return (authenticator, tenant, client);
    }

    private static string Token(string client, string? role, string? audience = null, string? issuer = null, RsaSecurityKey? key = null,
        DateTime? expires = null, string clientClaim = "azp", string version = "2.0")
    {
        var claims = new Dictionary<string, object> { [clientClaim] = client, ["sub"] = client, ["tid"] = Directory, ["ver"] = version };
        if (role is not null)
        {
            claims["roles"] = new[] { role };
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Audience = audience ?? ApiClientId,
            Issuer = issuer ?? V2Issuer,
            Claims = claims,
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-2),
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The authority's metadata and key set as Entra ID serves them, signing with <see cref="Current"/>.</summary>
    private sealed class RotatingKeys(RsaSecurityKey current) : IDocumentRetriever
    {
        public const string MetadataAddress = "https://login.test/" + Directory + "/v2.0/.well-known/openid-configuration";
        private const string KeysAddress = "https://login.test/" + Directory + "/discovery/v2.0/keys";
        private int keyReads;

        public RsaSecurityKey Current { get; set; } = current;

        public int KeyReads => Volatile.Read(ref keyReads);

        public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
        {
            if (address == MetadataAddress)
            {
                return Task.FromResult($$"""{"issuer":"{{V2Issuer}}","jwks_uri":"{{KeysAddress}}"}""");
            }

            Assert.Equal(KeysAddress, address);
            Interlocked.Increment(ref keyReads);
            var rsa = Current.Rsa.ExportParameters(false);
            return Task.FromResult($$"""{"keys":[{"kty":"RSA","use":"sig","kid":"{{Current.KeyId}}","n":"{{Base64UrlEncoder.Encode(rsa.Modulus)}}","e":"{{Base64UrlEncoder.Encode(rsa.Exponent)}}"}]}""");
        }
    }

    /// <summary>Keeps the warning and error lines an authenticator logs.</summary>
    private sealed class CapturedLog<T> : ILogger<T>
    {
        public List<string> Errors { get; } = [];

        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Errors.Add(formatter(state, exception));
            }
            else if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
