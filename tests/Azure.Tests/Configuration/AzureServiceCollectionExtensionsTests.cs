using System.Collections.Concurrent;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.DependencyInjection;
using CloudRisPacs.Azure.ServiceBus;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CloudRisPacs.Azure.Tests.Configuration;

/// <summary>The DI registration as a host uses it: configuration in, working adapters and a running consumer out.</summary>
public sealed class AzureServiceCollectionExtensionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static IHost BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddCloudRisPacsAzure(builder.Configuration.GetSection("CloudRisPacs"));
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    [Fact]
    public async Task Local_mode_configuration_runs_a_consumer_end_to_end_on_azurite()
    {
        var queue = await azurite.CreateQueueAsync("di");
        var channel = new BusChannel(queue.Name, TenantId.Parse("clinic-a"));
        var log = new DeliveryLog();
        using var host = BuildHost(
            new()
            {
                ["CloudRisPacs:Storage:ConnectionString"] = AzuriteEnvironment.ConnectionString,
                ["CloudRisPacs:Bus:Transport"] = "StorageQueues",
                ["CloudRisPacs:Bus:Retry:MaxDeliveryCount"] = "3",
                ["CloudRisPacs:Bus:StorageQueues:MinPollInterval"] = "00:00:00.020",
                ["CloudRisPacs:Bus:StorageQueues:MaxPollInterval"] = "00:00:00.100",
            },
            services => services.AddSingleton(log).AddBusConsumer<LoggingHandler>([channel]));

        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<IBusPublisher>().PublishAsync(channel, new BusMessage
            {
                MessageId = "di-1",
                Kind = BusMessageKinds.EdgeHeartbeat,
                SessionKey = BusSessionKey.ForTenant(channel.Tenant),
                ClaimedTenant = "clinic-a",
            });
            await Eventually.HoldsAsync(() => log.MessageIds.Contains("di-1"), "the hosted consumer handles the message");
        }
        finally
        {
            await host.StopAsync();
            await azurite.QueueService.DeleteQueueAsync(StorageQueueBusOptions.PoisonQueueName(queue.Name));
        }

        Assert.IsType<AzureTableStore>(host.Services.GetRequiredService<ITableStore>());
        Assert.IsType<StorageQueueBacklogProbe>(host.Services.GetRequiredService<IBusBacklogProbe>());
        Assert.Equal(3, host.Services.GetRequiredService<IOptions<BusConsumerOptions>>().Value.Retry.MaxDeliveryCount);
    }

    [Fact]
    public void Azure_configuration_with_the_function_app_settings_selects_service_bus_and_managed_identity()
    {
        using var host = BuildHost(new()
        {
            ["CloudRisPacs:Storage:TableServiceUri"] = "https://clinic.table.core.windows.net",
            ["CloudRisPacs:Storage:BlobServiceUri"] = "https://clinic.blob.core.windows.net",
            ["CloudRisPacs:ServiceBus:FullyQualifiedNamespace"] = "clinic-bus.servicebus.windows.net",
            ["CloudRisPacs:ManagedIdentityClientId"] = "9a6a0e5f-1f7e-4c1e-9d0c-2b9c3f1f0a11",
        });

        Assert.IsType<ServiceBusBusPublisher>(host.Services.GetRequiredService<IBusPublisher>());
        Assert.IsType<ServiceBusBusPump>(host.Services.GetRequiredService<IBusPump>());
        Assert.Equal("9a6a0e5f-1f7e-4c1e-9d0c-2b9c3f1f0a11",
            host.Services.GetRequiredService<IOptions<AzureCredentialOptions>>().Value.ManagedIdentityClientId);
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_start_listing_every_problem()
    {
        using var host = BuildHost(new()
        {
            ["CloudRisPacs:Bus:Transport"] = "StorageQueues",
            ["CloudRisPacs:Bus:StorageQueues:ReceiveBatchSize"] = "64",
            ["CloudRisPacs:Bus:Retry:MaxDeliveryCount"] = "0",
        });

        // One validation exception per options class, gathered into one error so every problem is seen at once.
        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        Assert.All(error.InnerExceptions, inner => Assert.IsType<OptionsValidationException>(inner));
        var text = error.Message;
        Assert.Contains("ReceiveBatchSize must be 1 to 32", text, StringComparison.Ordinal);
        Assert.Contains("Table Storage: Set Storage:TableServiceUri", text, StringComparison.Ordinal);
        Assert.Contains("Blob Storage: Set Storage:BlobServiceUri", text, StringComparison.Ordinal);
        Assert.Contains("MaxDeliveryCount must be at least 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_transport_is_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bus:Transport"] = "Kafka" }).Build();

        var error = Assert.Throws<AzureConfigurationException>(() => AzureServiceCollectionExtensions.ChooseTransport(configuration));

        Assert.Contains("'Kafka'", error.Message, StringComparison.Ordinal);
    }

    private sealed class DeliveryLog
    {
        public ConcurrentBag<string> MessageIds { get; } = [];
    }

    private sealed class LoggingHandler(DeliveryLog log) : IBusMessageHandler
    {
        public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
        {
            log.MessageIds.Add(message.MessageId);
            return Task.FromResult(BusHandlingResult.Complete);
        }
    }
}
