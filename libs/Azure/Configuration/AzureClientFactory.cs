using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CloudRisPacs.Azure.Configuration;

/// <summary>
/// Creates the Azure SDK clients from the options: a connection string gives a key-based client (Azurite), a service
/// URI or namespace gives an Entra ID client using the one credential built from <see cref="AzureCredentialOptions"/>.
/// Invalid options throw <see cref="AzureConfigurationException"/> listing every problem. Clients are thread-safe;
/// create each once and share it.
/// </summary>
public sealed class AzureClientFactory
{
    private readonly Lazy<TokenCredential> credential;

    public AzureClientFactory(AzureCredentialOptions credentialOptions)
    {
        ArgumentNullException.ThrowIfNull(credentialOptions);
        credential = new Lazy<TokenCredential>(credentialOptions.CreateCredential);
    }

    /// <summary>The Entra ID credential (built on first use, so connection-string-only setups never need one).</summary>
    public TokenCredential Credential => credential.Value;

    public TableServiceClient CreateTableServiceClient(TableStoreOptions options, TableClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureConfigurationException.ThrowIfAny("Table Storage", options.Validate());
        return options.TableServiceUri is { } uri
            ? new TableServiceClient(uri, Credential, clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);
    }

    public BlobServiceClient CreateBlobServiceClient(BlobStoreOptions options, BlobClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureConfigurationException.ThrowIfAny("Blob Storage", options.Validate());
        return options.BlobServiceUri is { } uri
            ? new BlobServiceClient(uri, Credential, clientOptions)
            : new BlobServiceClient(options.ConnectionString, clientOptions);
    }

    public QueueServiceClient CreateQueueServiceClient(StorageQueueBusOptions options, QueueClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureConfigurationException.ThrowIfAny("the Storage Queue bus", options.Validate());
        return options.QueueServiceUri is { } uri
            ? new QueueServiceClient(uri, Credential, clientOptions)
            : new QueueServiceClient(options.ConnectionString, clientOptions);
    }

    public ServiceBusClient CreateServiceBusClient(ServiceBusBusOptions options, ServiceBusClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureConfigurationException.ThrowIfAny("the Service Bus bus", options.Validate());
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new ServiceBusClient(options.FullyQualifiedNamespace, Credential, clientOptions ?? new ServiceBusClientOptions())
            : new ServiceBusClient(options.ConnectionString, clientOptions ?? new ServiceBusClientOptions());
    }

    /// <summary>For backlog and dead-letter counts; needs the Manage right (Azure Service Bus Data Owner).</summary>
    public ServiceBusAdministrationClient CreateServiceBusAdministrationClient(ServiceBusBusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureConfigurationException.ThrowIfAny("the Service Bus bus", options.Validate());
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new ServiceBusAdministrationClient(options.FullyQualifiedNamespace, Credential)
            : new ServiceBusAdministrationClient(options.ConnectionString);
    }
}
