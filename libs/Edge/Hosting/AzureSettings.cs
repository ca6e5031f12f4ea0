using CloudRisPacs.Edge.Configuration;
using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Maps the agent's <c>EdgeAgent:Cloud</c> settings onto the shared Azure adapters' configuration (the
/// <c>CloudRisPacs</c> section shape of <c>AddCloudRisPacsAzure</c>): Mode → Bus:Transport, ServiceBusNamespace →
/// ServiceBus:FullyQualifiedNamespace, BlobServiceUri / StorageConnectionString → Storage, Credential → Credential
/// (a certificate means ClientCertificate; otherwise the default chain with ClientId as managed identity).
/// </summary>
public static class AzureSettings
{
    public static IConfiguration From(CloudConnectionOptions cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Bus:Transport"] = cloud.Mode == CloudMode.StorageQueues ? "StorageQueues" : "ServiceBus",
            // The edge consumes one small queue; retry and park decisions follow the shared bus policy.
            ["Bus:StorageQueues:MaxConcurrentMessages"] = "1",
            ["Bus:StorageQueues:MaxPollInterval"] = cloud.MaxPollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (cloud.Mode == CloudMode.StorageQueues)
        {
            values["Storage:ConnectionString"] = cloud.StorageConnectionString;
        }
        else
        {
            values["Storage:BlobServiceUri"] = cloud.BlobServiceUri?.ToString();
            values["ServiceBus:FullyQualifiedNamespace"] = string.IsNullOrWhiteSpace(cloud.ServiceBusNamespace) ? null : cloud.ServiceBusNamespace;
            values["ServiceBus:ConnectionString"] = string.IsNullOrWhiteSpace(cloud.ServiceBusConnectionString) ? null : cloud.ServiceBusConnectionString;
            var credential = cloud.Credential;
            if (!string.IsNullOrWhiteSpace(credential.CertificatePath))
            {
                values["Credential:Kind"] = "ClientCertificate";
                values["Credential:TenantId"] = credential.EntraTenantId;
                values["Credential:ClientId"] = credential.ClientId;
                values["Credential:CertificatePath"] = credential.CertificatePath;
            }
            else
            {
                values["Credential:Kind"] = "Default";
                values["Credential:ManagedIdentityClientId"] = string.IsNullOrWhiteSpace(credential.ClientId) ? null : credential.ClientId;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
