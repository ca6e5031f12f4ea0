using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.ServiceBus;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudRisPacs.Azure.DependencyInjection;

/// <summary>Registers the Azure adapters of the Core ports from one configuration section.</summary>
public static class AzureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the adapters selected by <paramref name="features"/>, configured from <paramref name="configuration"/>
    /// (the <c>CloudRisPacs</c> section):
    /// <code>
    /// Credential:  Kind (Default|ManagedIdentity|ClientCertificate), ManagedIdentityClientId, TenantId, ClientId, CertificatePath
    /// ManagedIdentityClientId                       (the function app's setting; fills Credential:ManagedIdentityClientId)
    /// Storage:     ConnectionString (Azurite) | TableServiceUri, BlobServiceUri, QueueServiceUri
    /// ServiceBus:  ConnectionString | FullyQualifiedNamespace, MaxConcurrentSessions, SessionIdleTimeout, ...
    /// Bus:         Transport (ServiceBus|StorageQueues), Retry:{MaxDeliveryCount, BaseDelay, MaxDelay},
    ///              ChannelRefreshInterval, ChannelRestartDelay, StorageQueues:{VisibilityTimeout, MaxConcurrentMessages, ...}
    /// </code>
    /// Options are validated when the host starts, listing every problem. Without <c>Bus:Transport</c>, Service Bus is
    /// chosen when <c>ServiceBus</c> names a namespace or connection string, otherwise Storage Queues.
    /// </summary>
    public static IServiceCollection AddCloudRisPacsAzure(this IServiceCollection services, IConfiguration configuration,
        AzureFeatures features = AzureFeatures.All)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AzureCredentialOptions>()
            .Bind(configuration.GetSection(AzureCredentialOptions.SectionName))
            .PostConfigure(options => options.ManagedIdentityClientId ??= NullIfEmpty(configuration["ManagedIdentityClientId"]));
        services.TryAddSingleton<StorageRoundTrips>();
        services.TryAddSingleton(provider => new AzureClientFactory(provider.GetRequiredService<IOptions<AzureCredentialOptions>>().Value));

        if (features.HasFlag(AzureFeatures.Tables))
        {
            AddValidated<TableStoreOptions>(services, configuration.GetSection(TableStoreOptions.SectionName), "Table Storage", o => o.Validate());
            services.TryAddSingleton(provider => provider.GetRequiredService<AzureClientFactory>()
                .CreateTableServiceClient(provider.GetRequiredService<IOptions<TableStoreOptions>>().Value));
            services.TryAddSingleton<ITableStore>(provider =>
                new AzureTableStore(provider.GetRequiredService<TableServiceClient>(), provider.GetRequiredService<StorageRoundTrips>()));
        }

        if (features.HasFlag(AzureFeatures.Blobs) || features.HasFlag(AzureFeatures.Bus))
        {
            AddValidated<BlobStoreOptions>(services, configuration.GetSection(BlobStoreOptions.SectionName), "Blob Storage", o => o.Validate());
            services.TryAddSingleton(provider => provider.GetRequiredService<AzureClientFactory>()
                .CreateBlobServiceClient(provider.GetRequiredService<IOptions<BlobStoreOptions>>().Value));
            services.TryAddSingleton<IBlobStore>(provider =>
                new AzureBlobStore(provider.GetRequiredService<BlobServiceClient>(), provider.GetRequiredService<StorageRoundTrips>()));
        }

        if (features.HasFlag(AzureFeatures.Bus))
        {
            AddBus(services, configuration);
        }

        return services;
    }

    /// <summary>The transport <see cref="AddCloudRisPacsAzure"/> chooses for <paramref name="configuration"/>.</summary>
    public static BusTransport ChooseTransport(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["Bus:Transport"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Enum.TryParse<BusTransport>(configured, ignoreCase: true, out var transport) && Enum.IsDefined(transport)
                ? transport
                : throw new AzureConfigurationException("the bus", [$"Bus:Transport '{configured}' is not one of ServiceBus, StorageQueues."]);
        }

        var serviceBus = configuration.GetSection(ServiceBusBusOptions.SectionName);
        return string.IsNullOrWhiteSpace(serviceBus["FullyQualifiedNamespace"]) && string.IsNullOrWhiteSpace(serviceBus["ConnectionString"])
            ? BusTransport.StorageQueues
            : BusTransport.ServiceBus;
    }

    private static void AddBus(IServiceCollection services, IConfiguration configuration)
    {
        AddValidated<BusConsumerOptions>(services, configuration.GetSection("Bus"), "the bus consumer", o => o.Validate());
        services.TryAddSingleton(provider => new BusClaimCheck(provider.GetRequiredService<IBlobStore>()));
        services.TryAddSingleton<IBusDeadLetterObserver, LoggingDeadLetterObserver>();
        services.TryAddSingleton(TimeProvider.System);

        if (ChooseTransport(configuration) == BusTransport.StorageQueues)
        {
            services.AddOptions<StorageQueueBusOptions>()
                .Bind(configuration.GetSection(StorageQueueBusOptions.SectionName))
                .Bind(configuration.GetSection(StorageQueueBusOptions.TuningSectionName));
            AddValidator<StorageQueueBusOptions>(services, "the Storage Queue bus", o => o.Validate());
            services.TryAddSingleton(provider => provider.GetRequiredService<AzureClientFactory>()
                .CreateQueueServiceClient(provider.GetRequiredService<IOptions<StorageQueueBusOptions>>().Value));
            services.TryAddSingleton<IBusPublisher>(provider => new StorageQueueBusPublisher(
                provider.GetRequiredService<QueueServiceClient>(), provider.GetRequiredService<BusClaimCheck>(),
                provider.GetRequiredService<StorageRoundTrips>(), provider.GetRequiredService<IOptions<StorageQueueBusOptions>>().Value));
            services.TryAddSingleton<IBusPump>(provider => new StorageQueueBusPump(
                provider.GetRequiredService<QueueServiceClient>(), provider.GetRequiredService<BusClaimCheck>(),
                provider.GetRequiredService<IBusDeadLetterObserver>(), provider.GetRequiredService<StorageRoundTrips>(),
                provider.GetRequiredService<IOptions<StorageQueueBusOptions>>().Value,
                provider.GetService<ILogger<StorageQueueBusPump>>(), provider.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IBusBacklogProbe>(provider => new StorageQueueBacklogProbe(
                provider.GetRequiredService<QueueServiceClient>(), provider.GetRequiredService<StorageRoundTrips>(),
                provider.GetRequiredService<TimeProvider>()));
            return;
        }

        AddValidated<ServiceBusBusOptions>(services, configuration.GetSection(ServiceBusBusOptions.SectionName), "the Service Bus bus", o => o.Validate());
        services.TryAddSingleton(provider => provider.GetRequiredService<AzureClientFactory>()
            .CreateServiceBusClient(provider.GetRequiredService<IOptions<ServiceBusBusOptions>>().Value));
        services.TryAddSingleton<IBusPublisher>(provider => new ServiceBusBusPublisher(
            provider.GetRequiredService<ServiceBusClient>(), provider.GetRequiredService<BusClaimCheck>(),
            provider.GetRequiredService<IOptions<ServiceBusBusOptions>>().Value));
        services.TryAddSingleton<IBusPump>(provider => new ServiceBusBusPump(
            provider.GetRequiredService<ServiceBusClient>(), provider.GetRequiredService<BusClaimCheck>(),
            provider.GetRequiredService<IBusDeadLetterObserver>(), provider.GetRequiredService<IOptions<ServiceBusBusOptions>>().Value,
            provider.GetService<ILogger<ServiceBusBusPump>>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBusBacklogProbe>(provider => new ServiceBusBacklogProbe(
            provider.GetRequiredService<AzureClientFactory>()
                .CreateServiceBusAdministrationClient(provider.GetRequiredService<IOptions<ServiceBusBusOptions>>().Value),
            provider.GetRequiredService<TimeProvider>()));
    }

    private static void AddValidated<TOptions>(IServiceCollection services, IConfiguration section, string subject,
        Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(section);
        AddValidator(services, subject, validate);
    }

    private static void AddValidator<TOptions>(IServiceCollection services, string subject, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ProblemListValidator<TOptions>(subject, validate)));
        services.AddOptions<TOptions>().ValidateOnStart();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
