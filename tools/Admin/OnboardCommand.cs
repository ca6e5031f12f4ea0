using Azure;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Watchdogs;

namespace CloudRisPacs.Tools.Admin;

/// <summary>
/// <c>onboard</c>: writes a clinic's tenant registry row and registers its API clients (<see cref="TenantOnboarding"/>).
/// The Bicep deployment cannot write table rows, so without this the clinic's ingress queue is never consumed.
/// </summary>
internal static class OnboardCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!OnboardArguments.TryParse(args, Environment.GetEnvironmentVariable(CloudResourceNames.AppSettings.TableServiceUri),
                out var parsed, out var problem))
        {
            await error.WriteLineAsync(problem + Environment.NewLine + AdminCommands.Usage).ConfigureAwait(false);
            return 2;
        }

        try
        {
            var tableService = new AzureClientFactory(new AzureCredentialOptions()).CreateTableServiceClient(parsed.Storage);
            var onboarding = new TenantOnboarding(new AzureTableStore(tableService, new StorageRoundTrips()));
            var record = await onboarding.OnboardAsync(parsed.Tenant, parsed.DisplayName, parsed.Clients, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Tenant {record.Tenant} ('{record.DisplayName}', registered {record.RegisteredAt:u}) is enabled; " +
                $"its ingress queue {CloudResourceNames.IngressQueue(record.Tenant)} is consumed within a minute.").ConfigureAwait(false);
            foreach (var (clientId, role) in parsed.Clients)
            {
                await output.WriteLineAsync($"Client {clientId} is registered as {role} of {record.Tenant}.").ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception ex) when (ex is ClientRegisteredElsewhereException or AzureConfigurationException or RequestFailedException
                                       or global::Azure.Identity.AuthenticationFailedException or global::Azure.Identity.CredentialUnavailableException)
        {
            await error.WriteLineAsync($"Onboarding {parsed.Tenant} failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}

/// <summary>The parsed command line of <c>onboard</c>.</summary>
internal sealed record OnboardArguments(TenantId Tenant, string? DisplayName, IReadOnlyList<(string ClientId, string Role)> Clients, TableStoreOptions Storage)
{
    public static bool TryParse(IReadOnlyList<string> args, string? tableServiceUriFromEnvironment, out OnboardArguments parsed, out string problem)
    {
        parsed = null!;
        string? tenant = null, displayName = null, connectionString = null, serviceUri = null;
        var clients = new List<(string, string)>();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"{args[i]} needs a value.";
                return false;
            }

            var value = args[i + 1];
            switch (args[i])
            {
                case "--tenant": tenant = value; break;
                case "--display-name": displayName = value; break;
                case "--connection-string": connectionString = value; break;
                case "--table-service-uri": serviceUri = value; break;
                case "--edge-client-id": clients.Add((value, ApiRoles.EdgeAgent)); break;
                case "--staff-client-id": clients.Add((value, ApiRoles.Staff)); break;
                default:
                    problem = $"Unknown option '{args[i]}'.";
                    return false;
            }
        }

        if (!TenantId.TryParse(tenant, out var tenantId))
        {
            problem = $"--tenant '{tenant}' is not a tenant id (3-24 lower-case letters, digits and single hyphens).";
            return false;
        }

        if (clients.FirstOrDefault(c => !Guid.TryParse(c.Item1, out _)) is { Item1: { } notGuid })
        {
            problem = $"Client id '{notGuid}' is not an Entra ID application (client) id (a GUID).";
            return false;
        }

        serviceUri ??= connectionString is null ? tableServiceUriFromEnvironment : null;
        if (serviceUri is not null && !Uri.TryCreate(serviceUri, UriKind.Absolute, out _))
        {
            problem = $"--table-service-uri '{serviceUri}' is not an absolute URI.";
            return false;
        }

        var storage = new TableStoreOptions { ConnectionString = connectionString, TableServiceUri = serviceUri is null ? null : new Uri(serviceUri) };
        var problems = storage.Validate();
        if (problems.Count > 0)
        {
            problem = string.Join(Environment.NewLine, problems);
            return false;
        }

        parsed = new OnboardArguments(tenantId, displayName, clients, storage);
        problem = string.Empty;
        return true;
    }
}
