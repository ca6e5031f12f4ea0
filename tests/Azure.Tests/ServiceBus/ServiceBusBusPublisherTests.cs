using Azure.Messaging.ServiceBus;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.ServiceBus;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.ServiceBus;

/// <summary>The Service Bus publisher's batching and claim check, with a recording sender in place of the broker.</summary>
public sealed class ServiceBusBusPublisherTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly BusChannel Channel = BusChannel.Edge(TenantId.Parse("clinic-a"));

    private static BusMessage Message(string id, string patient, int bodyLength = 10) => new()
    {
        MessageId = id,
        Kind = BusMessageKinds.Hl7Outbound,
        SessionKey = $"clinic-a/{patient}",
        Body = new byte[bodyLength],
    };

    private async Task<(ServiceBusBusPublisher Publisher, RecordingSender Sender, RecordingClient Client, BusClaimCheck Claims)> CreateAsync(int maxPerBatch)
    {
        var container = (await azurite.CreateContainerAsync("sbpub")).Name;
        var claims = new BusClaimCheck(new AzureBlobStore(azurite.BlobService, new StorageRoundTrips()), _ => container);
        var sender = new RecordingSender(maxPerBatch);
        var client = new RecordingClient(sender);
        var options = new ServiceBusBusOptions { FullyQualifiedNamespace = "unused.servicebus.windows.net", ClaimCheckThresholdBytes = 64 * 1024 };
        return (new ServiceBusBusPublisher(client, claims, options), sender, client, claims);
    }

    [Fact]
    public async Task A_batch_is_split_where_the_session_changes_or_the_batch_is_full_and_keeps_its_order()
    {
        var (publisher, sender, client, _) = await CreateAsync(maxPerBatch: 2);
        var messages = new[] { Message("1", "A"), Message("2", "A"), Message("3", "A"), Message("4", "B"), Message("5", "A") };

        await publisher.PublishBatchAsync(Channel, messages);

        Assert.Equal([["1", "2"], ["3"], ["4"], ["5"]], sender.SentBatches.Select(batch => batch.Select(m => m.MessageId).ToArray()));
        Assert.All(sender.SentBatches, batch => Assert.Single(batch.Select(m => m.SessionId).Distinct()));
        Assert.Equal(["edge-clinic-a"], client.SenderQueues);
    }

    [Fact]
    public async Task A_large_body_is_claim_checked_and_a_small_one_travels_inline()
    {
        var (publisher, sender, _, claims) = await CreateAsync(maxPerBatch: 10);
        var large = Message("large", "A", bodyLength: 100_000);

        await publisher.PublishAsync(Channel, large);
        await publisher.PublishAsync(Channel, Message("small", "A"));

        var sentLarge = sender.SentSingly[0];
        Assert.Equal(0, sentLarge.Body.ToMemory().Length);
        Assert.True(ServiceBusEnvelopeMapper.TryFromReceived(ServiceBusEnvelopeMapperTests.Received(sentLarge), out var envelope, out _));
        Assert.Equal(large, await claims.ResolveAsync(Channel, envelope!, CancellationToken.None));
        Assert.False(sender.SentSingly[1].ApplicationProperties.ContainsKey(ServiceBusEnvelopeMapper.ClaimCheckProperty));
        Assert.Equal(10, sender.SentSingly[1].Body.ToMemory().Length);
    }

    [Fact]
    public async Task An_invalid_message_is_refused_before_anything_is_sent()
    {
        var (publisher, sender, _, _) = await CreateAsync(maxPerBatch: 10);

        await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishBatchAsync(Channel, [Message("ok", "A"), Message("bad", "A") with { Kind = "Bad" }]));

        Assert.Empty(sender.SentBatches);
    }

    [Fact]
    public async Task The_backlog_probe_reads_active_and_dead_lettered_counts()
    {
        var properties = ServiceBusModelFactory.QueueRuntimeProperties("edge-clinic-a", activeMessageCount: 7, scheduledMessageCount: 2,
            deadLetterMessageCount: 3, transferDeadLetterMessageCount: 0, transferMessageCount: 0, totalMessageCount: 12, sizeInBytes: 1000,
            createdAt: default, updatedAt: default, accessedAt: default);
        var probe = new ServiceBusBacklogProbe(new FixedRuntimeAdministration(properties));

        var backlog = await probe.GetBacklogAsync(Channel);

        Assert.Equal((9L, 3L), (backlog.ApproximateCount!.Value, backlog.DeadLetterCount!.Value));
        Assert.Null(backlog.OldestMessageAge);
    }
}
