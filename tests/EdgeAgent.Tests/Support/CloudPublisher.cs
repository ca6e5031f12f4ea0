using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>Plays the cloud's sending side: publishes to the test tenant's edge channel with the real Storage Queue publisher.</summary>
internal sealed class CloudPublisher(string connectionString, string tenant)
{
    private readonly StorageQueueBusPublisher publisher = new(new QueueServiceClient(connectionString),
        new BusClaimCheck(new AzureBlobStore(new BlobServiceClient(connectionString), new StorageRoundTrips())), new StorageRoundTrips(),
        new StorageQueueBusOptions { ConnectionString = connectionString });

    private readonly BusChannel channel = BusChannel.Edge(TenantId.Parse(tenant));

    public async Task PublishAsync(string kind, ReadOnlyMemory<byte> body, string contentType, IReadOnlyDictionary<string, string>? properties = null,
        string? messageId = null)
    {
        await new QueueServiceClient(connectionString).GetQueueClient(channel.Name).CreateIfNotExistsAsync();
        await publisher.PublishAsync(channel, new BusMessage
        {
            MessageId = messageId ?? BusMessage.NewId(),
            Kind = kind,
            SessionKey = BusSessionKey.ForTenant(channel.Tenant),
            CorrelationId = BusMessage.NewId(),
            ContentType = contentType,
            Body = body,
            Properties = properties ?? new Dictionary<string, string>(),
        });
    }

    public Task PublishHl7OutboundAsync(string outboundId, string er7) =>
        PublishAsync(BusMessageKinds.Hl7Outbound, Encoding.ASCII.GetBytes(er7), Hl7MessageProperties.Er7ContentType,
            new Dictionary<string, string> { [Hl7MessageProperties.OutboundId] = outboundId });

    public Task PublishJsonAsync<T>(string kind, T body, string? messageId = null) =>
        PublishAsync(kind, BusContractJson.Serialize(body), BusContractJson.ContentType, messageId: messageId);
}
