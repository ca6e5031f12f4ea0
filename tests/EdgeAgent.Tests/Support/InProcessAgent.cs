using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Edge.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>The whole agent (the same host the executable builds) running inside the test process.</summary>
internal sealed class InProcessAgent : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessAgent(WebApplication app, AgentSettings settings, CapturedLogs logs)
    {
        this.app = app;
        Settings = settings;
        Logs = logs;
    }

    public AgentSettings Settings { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => app.Services;

    public T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    public static async Task<InProcessAgent> StartAsync(AgentSettings settings)
    {
        var logs = new CapturedLogs();
        var app = EdgeAgentHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings.AsConfiguration());
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        return new InProcessAgent(app, settings, logs);
    }

    public async Task StopAsync() => await app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }

        await CleanUpAsync(Settings);
    }

    /// <summary>Removes the test tenant's queues, containers and data folder.</summary>
    public static async Task CleanUpAsync(AgentSettings settings)
    {
        try
        {
            var queues = new QueueServiceClient(settings.StorageConnectionString);
            foreach (var name in new[] { settings.IngressQueue, settings.EdgeQueue, StorageQueueBusOptions.PoisonQueueName(settings.EdgeQueue), StorageQueueBusOptions.PoisonQueueName(settings.IngressQueue) })
            {
                await queues.GetQueueClient(name).DeleteIfExistsAsync();
            }

            var blobs = new BlobServiceClient(settings.StorageConnectionString);
            await blobs.GetBlobContainerClient($"dicom-{settings.TenantId}").DeleteIfExistsAsync();
            await blobs.GetBlobContainerClient($"claims-{settings.TenantId}").DeleteIfExistsAsync();
        }
        catch (Exception ex) when (ex is global::Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            // A test that stopped its private Azurite has nothing left to clean there.
        }

        try
        {
            Directory.Delete(settings.DataFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
