using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>
/// Plays the cloud: consumes the test tenant's ingress channel with the real Storage Queue pump, one message at a time
/// and in queue order, recording every delivery (a bus handler, as the cloud's would be).
/// </summary>
internal sealed class IngressConsumer : IAsyncDisposable, IBusMessageHandler
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public IngressConsumer(string connectionString, string tenant)
    {
        var channel = BusChannel.Ingress(TenantId.Parse(tenant));
        var queues = new QueueServiceClient(connectionString);
        var claims = new BusClaimCheck(new AzureBlobStore(new BlobServiceClient(connectionString), new StorageRoundTrips()));
        var options = new StorageQueueBusOptions
        {
            ConnectionString = connectionString,
            MaxConcurrentMessages = 1,
            MinPollInterval = TimeSpan.FromMilliseconds(50),
            MaxPollInterval = TimeSpan.FromMilliseconds(250),
        };
        var pump = new StorageQueueBusPump(queues, claims, new LoggingDeadLetterObserver(Microsoft.Extensions.Logging.Abstractions.NullLogger<LoggingDeadLetterObserver>.Instance),
            new StorageRoundTrips(), options, null, TimeProvider.System);
        var dispatcher = new BusDispatcher(this, new BusRetryPolicy());
        loop = Task.Run(() => pump.RunChannelAsync(channel, dispatcher, stop.Token));
    }

    /// <summary>Every delivery, in the order the handler saw them (redeliveries included).</summary>
    public ConcurrentQueue<BusMessage> Deliveries { get; } = new();

    public IReadOnlyList<BusMessage> OfKind(string kind) => Deliveries.Where(m => m.Kind == kind).ToList();

    public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        Deliveries.Enqueue(message);
        return Task.FromResult(BusHandlingResult.Complete);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
