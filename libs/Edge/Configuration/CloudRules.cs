using System.Text.RegularExpressions;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>The rules of <see cref="CloudConnectionOptions"/>: what each mode needs, and what it must not have.</summary>
internal static partial class CloudRules
{
    private const string Path = $"{EdgeAgentOptions.SectionName}:Cloud";

    public static void Check(CloudConnectionOptions cloud, TenantId? tenant, List<string> problems)
    {
        switch (cloud.Mode)
        {
            case null:
                problems.Add($"{Path}:Mode is required: ServiceBus (Azure) or StorageQueues (local mode on Azurite).");
                break;
            case CloudMode.ServiceBus:
                CheckServiceBusMode(cloud, problems);
                break;
            default:
                CheckLocalMode(cloud, problems);
                break;
        }

        CheckName(cloud.IngressQueue, $"{Path}:IngressQueue", problems);
        CheckName(cloud.EdgeQueue, $"{Path}:EdgeQueue", problems);
        CheckName(cloud.DicomContainer, $"{Path}:DicomContainer", problems);
        if (tenant is { } id)
        {
            CheckDerivedNames(cloud, id, problems);
        }

        if (cloud.ApiBaseUri is { } api && (!api.IsAbsoluteUri || (api.Scheme != Uri.UriSchemeHttps && !(api.Scheme == Uri.UriSchemeHttp && api.IsLoopback))))
        {
            problems.Add($"{Path}:ApiBaseUri '{api}' must be an absolute https URI (plain http only on this machine's loopback).");
        }

        if (cloud.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Path}:RequestTimeout must be positive.");
        }

        if (cloud.MaxPollInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"{Path}:MaxPollInterval must be at least 100 ms (the first wait after an empty poll).");
        }
    }

    /// <summary>
    /// The cloud derives every resource name from the tenant and uses nothing else: it reads this tenant's messages and
    /// images only from the derived ingress queue and DICOM container and writes results, worklist changes and commitment
    /// answers only to the derived edge queue. Any other name loses that traffic without an error on either side.
    /// </summary>
    private static void CheckDerivedNames(CloudConnectionOptions cloud, TenantId tenant, List<string> problems)
    {
        foreach (var (setting, value, derived, why) in new[]
                 {
                     ("IngressQueue", cloud.IngressQueue, CloudResourceNames.IngressQueue(tenant), "the cloud reads the tenant's messages only from it"),
                     ("EdgeQueue", cloud.EdgeQueue, CloudResourceNames.EdgeQueue(tenant),
                         "the cloud sends results, worklist changes and commitment answers only there"),
                     ("DicomContainer", cloud.DicomContainer, CloudResourceNames.DicomContainer(tenant), "the cloud looks for the tenant's images only there"),
                     ("ClaimCheckContainer", cloud.ClaimCheckContainer, CloudResourceNames.ClaimCheckContainer(tenant),
                         "the bus derives the claim-check container from the tenant"),
                 })
        {
            if (value is { Length: > 0 } && !string.Equals(value, derived, StringComparison.Ordinal))
            {
                problems.Add($"{Path}:{setting} '{value}' must be '{derived}' ({why}); leave it out to use the derived name.");
            }
        }
    }

    private static void CheckServiceBusMode(CloudConnectionOptions cloud, List<string> problems)
    {
        var hasNamespace = !string.IsNullOrWhiteSpace(cloud.ServiceBusNamespace);
        var hasConnection = !string.IsNullOrWhiteSpace(cloud.ServiceBusConnectionString);
        if (hasNamespace == hasConnection)
        {
            problems.Add($"{Path}: set either ServiceBusNamespace (with an Entra ID credential) or ServiceBusConnectionString, exactly one.");
        }
        else if (hasNamespace && (cloud.ServiceBusNamespace!.Contains('/', StringComparison.Ordinal) || Uri.CheckHostName(cloud.ServiceBusNamespace) == UriHostNameType.Unknown))
        {
            problems.Add($"{Path}:ServiceBusNamespace '{cloud.ServiceBusNamespace}' must be a host name such as clinic-bus.servicebus.windows.net.");
        }

        if (cloud.BlobServiceUri is null)
        {
            problems.Add($"{Path}:BlobServiceUri is required in ServiceBus mode (for example https://account.blob.core.windows.net).");
        }
        else if (!cloud.BlobServiceUri.IsAbsoluteUri || cloud.BlobServiceUri.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{Path}:BlobServiceUri '{cloud.BlobServiceUri}' must be an absolute https URI.");
        }

        if (!string.IsNullOrWhiteSpace(cloud.StorageConnectionString))
        {
            problems.Add($"{Path}:StorageConnectionString is for local mode only; remove it in ServiceBus mode.");
        }

        if (cloud.ApiBaseUri is null)
        {
            problems.Add($"{Path}:ApiBaseUri is required in ServiceBus mode (the worklist full sync).");
        }

        if (string.IsNullOrWhiteSpace(cloud.ApiAudience) && string.IsNullOrWhiteSpace(cloud.ApiKey))
        {
            problems.Add($"{Path}:ApiAudience is required in ServiceBus mode (the API's application ID URI, for example api://<client id>).");
        }

        var credential = cloud.Credential;
        var credentialPath = $"{Path}:Credential";
        if (!string.IsNullOrWhiteSpace(credential.CertificatePath))
        {
            if (!Guid.TryParse(credential.EntraTenantId, out _))
            {
                problems.Add($"{credentialPath}:EntraTenantId must be the Entra directory id (a GUID) when a certificate is used.");
            }

            if (!Guid.TryParse(credential.ClientId, out _))
            {
                problems.Add($"{credentialPath}:ClientId must be the application (client) id (a GUID) when a certificate is used.");
            }

            if (!File.Exists(credential.CertificatePath))
            {
                problems.Add($"{credentialPath}:CertificatePath '{credential.CertificatePath}' does not exist.");
            }
        }
        else if (credential.ClientId is { Length: > 0 } clientId && !Guid.TryParse(clientId, out _))
        {
            problems.Add($"{credentialPath}:ClientId '{clientId}' is not a client id (a GUID).");
        }
    }

    private static void CheckLocalMode(CloudConnectionOptions cloud, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(cloud.StorageConnectionString))
        {
            problems.Add($"{Path}:StorageConnectionString is required in StorageQueues mode (the Azurite connection string).");
        }
        else if (!cloud.StorageConnectionString.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
                 && !cloud.StorageConnectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{Path}:StorageConnectionString is not a storage connection string (expected AccountName=…;AccountKey=…;BlobEndpoint=…;QueueEndpoint=…).");
        }

        foreach (var (name, value) in new[]
                 {
                     ("ServiceBusNamespace", cloud.ServiceBusNamespace), ("ServiceBusConnectionString", cloud.ServiceBusConnectionString),
                     ("BlobServiceUri", cloud.BlobServiceUri?.ToString()),
                 })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{Path}:{name} is for ServiceBus mode; in StorageQueues mode everything goes through StorageConnectionString.");
            }
        }

        if (cloud.ApiBaseUri is not null && string.IsNullOrWhiteSpace(cloud.ApiKey))
        {
            problems.Add($"{Path}:ApiKey is required in StorageQueues mode when ApiBaseUri is set (the tenant's API key for the local cloud host).");
        }
    }

    private static void CheckName(string? name, string path, List<string> problems)
    {
        if (name is not null && (!NamePattern().IsMatch(name) || name.Contains("--", StringComparison.Ordinal)))
        {
            problems.Add($"{path} '{name}' is not a valid queue or container name (3 to 63 lower-case letters, digits and single hyphens).");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
