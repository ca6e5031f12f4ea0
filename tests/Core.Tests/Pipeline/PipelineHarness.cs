using System.Text;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// The whole cloud pipeline against the test command's Azurite: real Table, Blob and Storage Queue adapters, two fresh
/// tenants per harness (so test classes never see each other's rows), messages delivered through the real
/// <see cref="BusDispatcher"/> as the pump would, and the edge queue read back as the edge agent would.
/// </summary>
public sealed class PipelineHarness
{
    private readonly AzuriteFixture azurite;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> enqueued = new(StringComparer.Ordinal);

    private PipelineHarness(AzuriteFixture azurite, PipelineOptions options, ManualTime time)
    {
        this.azurite = azurite;
        Time = time;
        RoundTrips = new StorageRoundTrips();
        Tables = new AzureTableStore(azurite.TableService, RoundTrips);
        Blobs = new AzureBlobStore(azurite.BlobService, RoundTrips);
        Publisher = new StorageQueueBusPublisher(azurite.QueueService, new BusClaimCheck(Blobs), RoundTrips,
            new StorageQueueBusOptions { ConnectionString = azurite.ConnectionString });
        Registry = new TenantRegistry(Tables, time);
        FlakyPublisher = new FlakyPublisher(Publisher);
        Context = new PipelineContext(Tables, Blobs, FlakyPublisher, Registry, options, time);
        Pipeline = new CloudPipeline(Context, RetryPolicy, new StorageQueueBacklogProbe(azurite.QueueService, RoundTrips, time));
        Dispatcher = new BusDispatcher(Pipeline.Router, RetryPolicy);
        Tenant = NewTenant();
        OtherTenant = NewTenant();

        // Test classes share one Azurite: a watchdog run of one test must not raise exceptions for another's tenants.
        var own = new[] { Tenant, OtherTenant };
        Pipeline.Watchdogs.TenantFilter = own.Contains;
    }

    public static BusRetryPolicy RetryPolicy { get; } = new();

    public ManualTime Time { get; }

    public StorageRoundTrips RoundTrips { get; }

    public AzureTableStore Tables { get; }

    public AzureBlobStore Blobs { get; }

    public StorageQueueBusPublisher Publisher { get; }

    /// <summary>What the pipeline publishes through: set its <see cref="FlakyPublisher.FailuresLeft"/> to fail sends.</summary>
    public FlakyPublisher FlakyPublisher { get; }

    public TenantRegistry Registry { get; }

    public PipelineContext Context { get; }

    public CloudPipeline Pipeline { get; }

    public BusDispatcher Dispatcher { get; }

    public TenantId Tenant { get; }

    public TenantId OtherTenant { get; }

    public static async Task<PipelineHarness> CreateAsync(AzuriteFixture azurite, PipelineOptions? options = null,
        TenantSettings? settings = null, DateTimeOffset? start = null)
    {
        var harness = new PipelineHarness(azurite, options ?? new PipelineOptions(),
            new ManualTime(start ?? new DateTimeOffset(2024, 3, 15, 8, 0, 0, TimeSpan.Zero)));
        await harness.Pipeline.ProvisionAsync(
        [
            new TenantRecord(harness.Tenant, "Clinic A", true, settings ?? new TenantSettings(), harness.Time.GetUtcNow()),
            new TenantRecord(harness.OtherTenant, "Clinic B", true, settings ?? new TenantSettings(), harness.Time.GetUtcNow()),
        ]);
        foreach (var tenant in new[] { harness.Tenant, harness.OtherTenant })
        {
            await azurite.QueueService.GetQueueClient(CloudResourceNames.EdgeQueue(tenant)).CreateIfNotExistsAsync();
            await azurite.QueueService.GetQueueClient(CloudResourceNames.IngressQueue(tenant)).CreateIfNotExistsAsync();
        }

        return harness;
    }

    public static TenantId NewTenant() => TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>An hl7.received message as the edge agent sends it (raw ER7 body, HL7 properties).</summary>
    public BusMessage Hl7(string er7, string? messageId = null, bool enhanced = false, TimeSpan? arrivedAfterStart = null, string patientKey = "p")
    {
        var message = CloudRisPacs.Hl7.Er7.Hl7Message.Parse(er7);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Hl7MessageProperties.ControlId] = message.Header.GetValue(10),
            [Hl7MessageProperties.MessageType] = message.Header.GetField(9).RawText,
            [Hl7MessageProperties.Sender] = "RIS|HOSP",
            [Hl7MessageProperties.AcknowledgementMode] = enhanced ? "enhanced" : "original",
        };
        return new BusMessage
        {
            MessageId = messageId ?? BusMessage.NewId(),
            Kind = BusMessageKinds.Hl7Received,
            SessionKey = BusSessionKey.For(Tenant, patientKey),
            CorrelationId = message.Header.GetValue(10),
            ClaimedTenant = Tenant.Value,
            SourceSite = "site-1",
            CreatedAt = Time.GetUtcNow() + (arrivedAfterStart ?? TimeSpan.Zero),
            ContentType = Hl7MessageProperties.Er7ContentType,
            Body = Encoding.UTF8.GetBytes(er7),
            Properties = properties,
        };
    }

    public BusMessage Json<T>(string kind, T body, string? messageId = null, TenantId? claimed = null) => new()
    {
        MessageId = messageId ?? BusMessage.NewId(),
        Kind = kind,
        SessionKey = BusSessionKey.ForTenant(Tenant),
        ClaimedTenant = (claimed ?? Tenant).Value,
        CreatedAt = Time.GetUtcNow(),
        ContentType = BusContractJson.ContentType,
        Body = BusContractJson.Serialize(body),
    };

    /// <summary>
    /// Delivers on the ingress channel of <paramref name="channelTenant"/> (default: the harness tenant), as a pump does.
    /// A message keeps the enqueue time of its first delivery, as a queue keeps it across retries.
    /// </summary>
    public async Task<BusSettlement> DeliverAsync(BusMessage message, TenantId? channelTenant = null, int deliveryCount = 1)
    {
        ArgumentNullException.ThrowIfNull(message);
        var channel = BusChannel.Ingress(channelTenant ?? Tenant);
        var enqueuedAt = enqueued.GetOrAdd(message.MessageId, Time.GetUtcNow());
        var delivery = new BusDelivery(channel, deliveryCount, Guid.NewGuid().ToString("N"), enqueuedAt);
        var settlement = await Dispatcher.DispatchAsync(message, delivery, CancellationToken.None);
        if (settlement.Outcome == BusOutcome.DeadLetter)
        {
            await Pipeline.DeadLetterObserver.OnDeadLetteredAsync(new BusDeadLetter(channel, message.MessageId, message.Kind,
                settlement.Reason ?? "unknown", settlement.Description, deliveryCount, Time.GetUtcNow(), StorageQueueBusOptions.PoisonQueueName(channel.Name)), CancellationToken.None);
        }

        return settlement;
    }

    /// <summary>Delivers and asserts the message completed.</summary>
    public async Task CompleteAsync(BusMessage message, int deliveryCount = 1)
    {
        var settlement = await DeliverAsync(message, deliveryCount: deliveryCount);
        Assert.True(settlement.Outcome == BusOutcome.Complete, $"{message.Kind} {message.MessageId}: {settlement.Outcome} {settlement.Reason}: {settlement.Description}");
    }

    /// <summary>Everything published to the tenant's edge queue so far, removed from the queue.</summary>
    public async Task<IReadOnlyList<BusMessage>> DrainEdgeAsync(TenantId? tenant = null)
    {
        var queue = azurite.QueueService.GetQueueClient(CloudResourceNames.EdgeQueue(tenant ?? Tenant));
        var list = new List<BusMessage>();
        if (!(await queue.ExistsAsync()).Value)
        {
            return list;
        }

        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 0)
            {
                return list;
            }

            foreach (var item in batch)
            {
                var envelope = BusEnvelopeSerializer.Deserialize(item.MessageText);
                list.Add(envelope.BodyClaim is null ? envelope.Message
                    : await new BusClaimCheck(Blobs).ResolveAsync(BusChannel.Edge(tenant ?? Tenant), envelope, CancellationToken.None));
                await queue.DeleteMessageAsync(item.MessageId, item.PopReceipt);
            }
        }
    }

    public static IEnumerable<T> Bodies<T>(IEnumerable<BusMessage> messages, string kind) =>
        messages.Where(m => m.Kind == kind).Select(m => BusContractJson.Deserialize<T>(m));

    /// <summary>Uploads a DICOM file to the tenant's container at the path the edge uses and returns the event to send.</summary>
    public async Task<InstanceStoredEvent> StoreInstanceAsync(byte[] file, TenantId? tenant = null)
    {
        var parsed = Dicom.IO.DicomFileReader.Read(file, new Dicom.IO.DicomReaderOptions { StopBeforePixelData = true });
        var ds = parsed.Dataset;
        string Uid(Dicom.DicomTag tag) => ds.GetString(tag)!.TrimEnd('\0', ' ');
        var study = Uid(Dicom.DicomTag.StudyInstanceUID);
        var series = Uid(Dicom.DicomTag.SeriesInstanceUID);
        var sop = Uid(Dicom.DicomTag.SOPInstanceUID);
        var path = $"{study}/{series}/{sop}.dcm";
        using (var stream = new MemoryStream(file))
        {
            await Blobs.UploadAsync(CloudResourceNames.DicomContainer(tenant ?? Tenant), path, stream, new BlobWriteOptions { Mode = BlobWriteMode.Overwrite });
        }

        return new InstanceStoredEvent
        {
            BlobPath = path,
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            SopInstanceUid = sop,
            SopClassUid = Uid(Dicom.DicomTag.SOPClassUID),
            TransferSyntaxUid = parsed.TransferSyntax.Uid.Value,
            SizeBytes = file.Length,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)),
            HeaderLengthBytes = parsed.ReadResult.StoppedBeforeTag ? parsed.ReadResult.BytesConsumed : null,
            ReceivedAt = Time.GetUtcNow(),
        };
    }

    public BusMessage InstanceStored(InstanceStoredEvent stored, string? messageId = null) =>
        Json(BusMessageKinds.DicomInstanceStored, stored, messageId);
}
