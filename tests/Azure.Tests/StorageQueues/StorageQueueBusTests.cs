using System.Text;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.StorageQueues;

/// <summary>The Storage Queue bus of local mode, publisher and pump, against Azurite.</summary>
public sealed class StorageQueueBusTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TenantId Tenant = TenantId.Parse("clinic-a");

    private static BusMessage Message(string id, int bodyLength = 64, string? claimedTenant = "clinic-a")
    {
        var body = new byte[bodyLength];
        new Random(id.Length + bodyLength).NextBytes(body);
        return new BusMessage
        {
            MessageId = id,
            Kind = BusMessageKinds.Hl7Received,
            SessionKey = BusSessionKey.For(Tenant, "PAT1"),
            CorrelationId = "MSH10-" + id,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ClaimedTenant = claimedTenant,
            SourceSite = "site-1",
            ContentType = "x-application/hl7-v2+er7",
            Body = body,
            Properties = new Dictionary<string, string> { ["mllp.peer"] = "127.0.0.1" },
        };
    }

    [Fact]
    public async Task Published_messages_reach_the_handler_unchanged_and_are_removed()
    {
        await using var bus = await QueueBus.CreateAsync(azurite);
        var handler = new RecordingHandler((_, _) => BusHandlingResult.Complete);
        var sent = new[] { Message("m1"), Message("m2"), Message("m3", bodyLength: 0) };

        await bus.Publisher.PublishBatchAsync(bus.Channel, sent);
        await bus.RunUntilAsync(handler, () => handler.Deliveries.Count == 3, "three deliveries");

        Assert.Equal(sent.OrderBy(m => m.MessageId), handler.Deliveries.Select(d => d.Message).OrderBy(m => m.MessageId));
        Assert.All(handler.Deliveries, d =>
        {
            Assert.Equal(1, d.Delivery.DeliveryCount);
            Assert.Equal(Tenant, d.Delivery.Tenant);
            Assert.Equal(bus.Channel, d.Delivery.Channel);
        });
        Assert.Equal(0, await QueueBus.ApproximateCountAsync(bus.Queue));
    }

    [Fact]
    public async Task A_body_too_large_for_a_queue_message_travels_by_claim_check_and_the_claim_is_removed_after_completion()
    {
        await using var bus = await QueueBus.CreateAsync(azurite);
        var large = Message("large", bodyLength: 200_000);
        var handler = new RecordingHandler((_, _) => BusHandlingResult.Complete);

        await bus.Publisher.PublishAsync(bus.Channel, large);
        var queued = (await bus.Queue.PeekMessagesAsync(1)).Value.Single().Body.ToString();
        var claimsWhileQueued = await bus.ClaimBlobsAsync();
        await bus.RunUntilAsync(handler, () => handler.Deliveries.Count == 1, "the large message is delivered");
        await Eventually.HoldsAsync(async () => (await bus.ClaimBlobsAsync()).Count == 0, "the claim blob is deleted");

        Assert.InRange(queued.Length, 1, StorageQueueBusOptions.QueueMessageLimitBytes);
        Assert.Contains("\"bodyClaim\"", queued, StringComparison.Ordinal);
        Assert.Single(claimsWhileQueued);
        Assert.Equal(large, handler.Deliveries.Single().Message);
    }

    [Fact]
    public async Task A_body_that_just_fits_stays_inline()
    {
        await using var bus = await QueueBus.CreateAsync(azurite);
        var fitting = LargestInlineMessage("fits");

        await bus.Publisher.PublishAsync(bus.Channel, fitting);
        var queued = (await bus.Queue.PeekMessagesAsync(1)).Value.Single().Body.ToString();

        Assert.Contains("\"body\"", queued, StringComparison.Ordinal);
        Assert.Empty(await bus.ClaimBlobsAsync());
        Assert.Equal(fitting, BusEnvelopeSerializer.Deserialize(queued).Message);
    }

    [Fact]
    public async Task Retries_come_back_later_each_time_and_the_message_is_parked_with_its_reason_after_the_last_delivery()
    {
        var policy = new BusRetryPolicy { MaxDeliveryCount = 4, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) };
        await using var bus = await QueueBus.CreateAsync(azurite, policy);
        var handler = new RecordingHandler((_, _) => BusHandlingResult.RetryLater("ris-down", "connection refused"));
        var message = Message("retry-me");

        await bus.Publisher.PublishAsync(bus.Channel, message);
        await bus.RunUntilAsync(handler, async () => await QueueBus.ApproximateCountAsync(bus.Poison) == 1, "the message is parked", seconds: 60);

        var deliveries = handler.Deliveries.ToArray();
        Assert.Equal([1, 2, 3, 4], deliveries.Select(d => d.Delivery.DeliveryCount));
        var gaps = deliveries.Zip(deliveries.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToArray();
        Assert.True(gaps[1] >= gaps[0] - 0.3, $"gaps {string.Join(", ", gaps)} must not shrink");
        Assert.True(gaps[2] >= gaps[1] - 0.3, $"gaps {string.Join(", ", gaps)} must not shrink");
        Assert.True(gaps[2] > gaps[0] + 0.5, $"gaps {string.Join(", ", gaps)} must grow");

        var record = await bus.SingleParkedAsync();
        Assert.Equal(BusDeadLetterReasons.MaxDeliveriesExceeded, record.Reason);
        Assert.Contains("ris-down: connection refused", record.Description, StringComparison.Ordinal);
        Assert.Equal(4, record.DeliveryCount);
        Assert.Equal(bus.Queue.Name, record.SourceQueue);
        Assert.Equal(message, record.ReadEnvelope()!.Message);
        Assert.Equal(0, await QueueBus.ApproximateCountAsync(bus.Queue));
        var deadLetter = Assert.Single(bus.Observer.DeadLetters);
        Assert.Equal(("retry-me", BusDeadLetterReasons.MaxDeliveriesExceeded, bus.Poison.Name), (deadLetter.MessageId, deadLetter.Reason, deadLetter.Location));
    }

    [Fact]
    public async Task A_redelivery_shows_its_count_and_a_duplicate_publish_arrives_again_with_the_same_message_id()
    {
        await using var bus = await QueueBus.CreateAsync(azurite);
        var handler = new RecordingHandler((message, delivery) => message.MessageId == "flaky" && delivery.DeliveryCount == 1
            ? BusHandlingResult.RetryLater("first-try-fails", after: TimeSpan.Zero)
            : BusHandlingResult.Complete);

        await bus.Publisher.PublishAsync(bus.Channel, Message("flaky"));
        await bus.Publisher.PublishAsync(bus.Channel, Message("twice"));
        await bus.Publisher.PublishAsync(bus.Channel, Message("twice"));
        await bus.RunUntilAsync(handler, () => handler.Deliveries.Count == 4, "four deliveries");

        var flaky = handler.Deliveries.Where(d => d.Message.MessageId == "flaky").Select(d => d.Delivery).ToArray();
        Assert.Equal([1, 2], flaky.Select(d => d.DeliveryCount));
        Assert.True(flaky[1].IsRedelivery);
        Assert.Equal(flaky[0].TransportMessageId, flaky[1].TransportMessageId);
        var twice = handler.Deliveries.Where(d => d.Message.MessageId == "twice").Select(d => d.Delivery).ToArray();
        Assert.Equal(2, twice.Length);
        Assert.NotEqual(twice[0].TransportMessageId, twice[1].TransportMessageId);
        Assert.All(twice, d => Assert.Equal(1, d.DeliveryCount));
    }

    [Fact]
    public async Task Malformed_text_and_a_foreign_tenant_claim_are_parked_without_reaching_the_handler()
    {
        await using var bus = await QueueBus.CreateAsync(azurite);
        var handler = new RecordingHandler((_, _) => BusHandlingResult.Complete);

        await bus.Queue.SendMessageAsync("MSH|^~\\&|not an envelope");
        await bus.Publisher.PublishAsync(bus.Channel, Message("spoofed", claimedTenant: "clinic-b"));
        await bus.RunUntilAsync(handler, async () => await QueueBus.ApproximateCountAsync(bus.Poison) == 2, "both are parked");

        var records = await bus.ParkedAsync();
        var malformed = records.Single(r => r.Reason == BusDeadLetterReasons.MalformedEnvelope);
        var spoofed = records.Single(r => r.Reason == BusDeadLetterReasons.TenantMismatch);
        Assert.Equal("MSH|^~\\&|not an envelope", malformed.RawText);
        Assert.Null(malformed.EnvelopeJson);
        Assert.Equal("spoofed", spoofed.ReadEnvelope()!.Message.MessageId);
        Assert.Contains("clinic-b", spoofed.Description, StringComparison.Ordinal);
        Assert.Empty(handler.Deliveries);
        Assert.Equal(2, bus.Observer.DeadLetters.Count);
    }

    [Fact]
    public async Task A_parked_message_too_large_to_carry_its_reason_keeps_its_body_in_the_claim_container()
    {
        await using var bus = await QueueBus.CreateAsync(azurite);
        var message = LargestInlineMessage("big-and-bad");
        var handler = new RecordingHandler((_, _) => BusHandlingResult.DeadLetter("unmapped-event", new string('d', 1500)));

        await bus.Publisher.PublishAsync(bus.Channel, message);
        await bus.RunUntilAsync(handler, async () => await QueueBus.ApproximateCountAsync(bus.Poison) == 1, "the message is parked");

        var envelope = (await bus.SingleParkedAsync()).ReadEnvelope()!;
        Assert.NotNull(envelope.BodyClaim);
        var restored = await bus.Claims.ResolveAsync(bus.Channel, envelope, CancellationToken.None);
        Assert.Equal(message, restored);
    }

    [Fact]
    public async Task The_backlog_probe_reports_waiting_messages_their_age_and_parked_ones()
    {
        await using var bus = await QueueBus.CreateAsync(azurite);
        var probe = new StorageQueueBacklogProbe(azurite.QueueService, new StorageRoundTrips());

        await bus.Publisher.PublishBatchAsync(bus.Channel, [Message("a"), Message("b")]);
        await bus.Poison.CreateIfNotExistsAsync();
        await bus.Poison.SendMessageAsync("{}");
        var backlog = await probe.GetBacklogAsync(bus.Channel);

        Assert.Equal(2, backlog.ApproximateCount);
        Assert.Equal(1, backlog.DeadLetterCount);
        Assert.NotNull(backlog.OldestMessageAge);
        Assert.InRange(backlog.OldestMessageAge!.Value, TimeSpan.FromSeconds(-5), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_handler_slower_than_the_visibility_timeout_runs_once_and_its_message_is_deleted()
    {
        await using var bus = await QueueBus.CreateAsync(azurite, visibilityTimeout: TimeSpan.FromSeconds(2));
        var handler = new SlowHandler(TimeSpan.FromSeconds(7));

        await bus.Publisher.PublishAsync(bus.Channel, Message("slow"));
        await bus.RunUntilAsync(handler, async () => handler.Finished == 1 && await QueueBus.ApproximateCountAsync(bus.Queue) == 0,
            "the handler finished and the message is deleted");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a message left visible would be received again within this

        Assert.Equal((1, 1), (handler.Started, handler.Finished));
        Assert.Equal(0, await QueueBus.ApproximateCountAsync(bus.Queue));
    }

    [Fact]
    public async Task A_parked_message_of_tenant_clinic_never_reaches_the_ingress_queue_of_tenant_clinic_poison()
    {
        var clinic = TenantId.Parse("q" + Guid.NewGuid().ToString("N")[..8]);
        var clinicPoison = TenantId.Parse(clinic.Value + "-poison");
        await using var bus = await QueueBus.CreateAsync(azurite, BusChannel.Ingress(clinic));
        await using var neighbour = await QueueBus.CreateAsync(azurite, BusChannel.Ingress(clinicPoison));
        var handler = new RecordingHandler((_, _) => BusHandlingResult.DeadLetter("unmapped-event", "PHI that must stay with its clinic"));
        var probe = new StorageQueueBacklogProbe(azurite.QueueService, new StorageRoundTrips());

        await bus.Publisher.PublishAsync(bus.Channel, Message("phi", claimedTenant: clinic.Value));
        await bus.RunUntilAsync(handler, () => bus.Observer.DeadLetters.Count == 1, "the message is parked");
        var neighbourBacklog = await probe.GetBacklogAsync(neighbour.Channel);

        Assert.Equal("phi", (await bus.SingleParkedAsync()).ReadEnvelope()!.Message.MessageId);
        Assert.Equal(0, await QueueBus.ApproximateCountAsync(neighbour.Queue));
        Assert.Equal((0, 0L), (neighbourBacklog.ApproximateCount, neighbourBacklog.DeadLetterCount));
        Assert.DoesNotContain(bus.Poison.Name, new[] { neighbour.Queue.Name, BusChannel.Edge(clinicPoison).Name });
    }

    [Fact]
    public void A_channel_whose_poison_queue_would_exceed_the_queue_name_limit_is_refused_by_name()
    {
        var longest = new string('q', StorageQueueBusOptions.QueueNameMaxLength - "poison-".Length);

        Assert.Equal(StorageQueueBusOptions.QueueNameMaxLength, StorageQueueBusOptions.PoisonQueueName(longest).Length);
        var refused = Assert.Throws<ArgumentException>(() => StorageQueueBusOptions.PoisonQueueName(longest + "q"));
        Assert.Contains(longest + "q", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A message whose serialized envelope is just below the queue limit.</summary>
    private static BusMessage LargestInlineMessage(string id)
    {
        var length = 40_000;
        while (BusEnvelopeSerializer.Serialize(Message(id, length + 1)).Length <= StorageQueueBusOptions.QueueMessageLimitBytes)
        {
            length++;
        }

        return Message(id, length);
    }

    /// <summary>Takes <paramref name="duration"/> per message and counts how often it started and finished.</summary>
    private sealed class SlowHandler(TimeSpan duration) : IBusMessageHandler
    {
        private int started;
        private int finished;

        public int Started => Volatile.Read(ref started);

        public int Finished => Volatile.Read(ref finished);

        public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref started);
            await Task.Delay(duration, CancellationToken.None);
            Interlocked.Increment(ref finished);
            return BusHandlingResult.Complete;
        }
    }

    /// <summary>One test's queue, poison queue, claim container, publisher and pump.</summary>
    private sealed class QueueBus : IAsyncDisposable
    {
        private readonly AzuriteFixture azurite;
        private readonly StorageQueueBusOptions options;

        private QueueBus(AzuriteFixture azurite, QueueClient queue, string claimContainer, BusRetryPolicy policy, BusChannel? channel = null,
            TimeSpan? visibilityTimeout = null)
        {
            options = new StorageQueueBusOptions
            {
                MinPollInterval = TimeSpan.FromMilliseconds(20),
                MaxPollInterval = TimeSpan.FromMilliseconds(100),
                VisibilityTimeout = visibilityTimeout ?? TimeSpan.FromSeconds(30),
            };
            this.azurite = azurite;
            Queue = queue;
            Poison = azurite.QueueService.GetQueueClient(StorageQueueBusOptions.PoisonQueueName(queue.Name));
            ClaimContainer = claimContainer;
            Policy = policy;
            Channel = channel ?? new BusChannel(queue.Name, Tenant);
            var roundTrips = new StorageRoundTrips();
            Claims = new BusClaimCheck(new AzureBlobStore(azurite.BlobService, roundTrips), _ => claimContainer);
            Publisher = new StorageQueueBusPublisher(azurite.QueueService, Claims, roundTrips, options);
            Pump = new StorageQueueBusPump(azurite.QueueService, Claims, Observer, roundTrips, options);
        }

        public QueueClient Queue { get; }

        public QueueClient Poison { get; }

        public string ClaimContainer { get; }

        public BusRetryPolicy Policy { get; }

        public BusChannel Channel { get; }

        public BusClaimCheck Claims { get; }

        public StorageQueueBusPublisher Publisher { get; }

        public StorageQueueBusPump Pump { get; }

        public RecordingDeadLetterObserver Observer { get; } = new();

        public static async Task<QueueBus> CreateAsync(AzuriteFixture azurite, BusRetryPolicy? policy = null, TimeSpan? visibilityTimeout = null)
        {
            var queue = await azurite.CreateQueueAsync("bus");
            var container = await azurite.CreateContainerAsync("claims");
            return new QueueBus(azurite, queue, container.Name, policy ?? new BusRetryPolicy { MaxDeliveryCount = 5 }, visibilityTimeout: visibilityTimeout);
        }

        /// <summary>A bus on a tenant's own channel queue (removed with its poison queue at the end).</summary>
        public static async Task<QueueBus> CreateAsync(AzuriteFixture azurite, BusChannel channel)
        {
            var queue = azurite.QueueService.GetQueueClient(channel.Name);
            await queue.CreateIfNotExistsAsync();
            var container = await azurite.CreateContainerAsync("claims");
            return new QueueBus(azurite, queue, container.Name, new BusRetryPolicy { MaxDeliveryCount = 5 }, channel) { OwnsQueue = true };
        }

        private bool OwnsQueue { get; init; }

        /// <summary>Runs the pump until <paramref name="condition"/> holds, then stops it and checks it stopped cleanly.</summary>
        public async Task RunUntilAsync(IBusMessageHandler handler, Func<Task<bool>> condition, string what, int seconds = 30)
        {
            using var stop = new CancellationTokenSource();
            var run = Pump.RunChannelAsync(Channel, new BusDispatcher(handler, Policy), stop.Token);
            try
            {
                await Eventually.HoldsAsync(async () => run.IsCompleted || await condition(), what, seconds);
            }
            finally
            {
                await stop.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            }
        }

        public Task RunUntilAsync(IBusMessageHandler handler, Func<bool> condition, string what, int seconds = 30) =>
            RunUntilAsync(handler, () => Task.FromResult(condition()), what, seconds);

        public static async Task<int> ApproximateCountAsync(QueueClient queue) =>
            await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;

        public async Task<List<string>> ClaimBlobsAsync()
        {
            var names = new List<string>();
            await foreach (var blob in azurite.BlobService.GetBlobContainerClient(ClaimContainer).GetBlobsAsync())
            {
                names.Add(blob.Name);
            }

            return names;
        }

        public async Task<List<StorageQueuePoisonRecord>> ParkedAsync() =>
            (await Poison.PeekMessagesAsync(32)).Value.Select(m => StorageQueuePoisonRecord.Parse(m.Body.ToString())).ToList();

        public async Task<StorageQueuePoisonRecord> SingleParkedAsync() => Assert.Single(await ParkedAsync());

        public async ValueTask DisposeAsync()
        {
            await Poison.DeleteIfExistsAsync();
            if (OwnsQueue)
            {
                await Queue.DeleteIfExistsAsync();
            }
        }
    }
}
