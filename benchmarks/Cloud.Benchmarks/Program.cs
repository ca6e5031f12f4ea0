using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
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
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;

// Pipeline throughput on Azurite (CLOUDRISPACS_TEST_STORAGE): N ORM messages and N instance-stored events through the
// real dispatcher, handlers and adapters, with the Table/Blob/Queue requests each one costs.
//   dotnet run -c Release -- [orders] [instances] [concurrency]
var connection = Environment.GetEnvironmentVariable("CLOUDRISPACS_TEST_STORAGE")
    ?? throw new InvalidOperationException("Set CLOUDRISPACS_TEST_STORAGE to an Azurite connection string.");
var orders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var instances = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;

var roundTrips = new StorageRoundTrips();
var tables = new AzureTableStore(new TableServiceClient(connection), roundTrips);
var blobs = new AzureBlobStore(new BlobServiceClient(connection), roundTrips);
var queues = new QueueServiceClient(connection);
var publisher = new StorageQueueBusPublisher(queues, new BusClaimCheck(blobs), roundTrips, new StorageQueueBusOptions { ConnectionString = connection });
var registry = new TenantRegistry(tables);
var pipeline = new CloudPipeline(new PipelineContext(tables, blobs, publisher, registry, new PipelineOptions()));
var dispatcher = new BusDispatcher(pipeline.Router, new BusRetryPolicy());
var tenant = TenantId.Parse("bench" + Guid.NewGuid().ToString("N")[..8]);
await pipeline.ProvisionAsync([new TenantRecord(tenant, "Benchmark clinic", true, new TenantSettings(), DateTimeOffset.UtcNow)]);
await queues.GetQueueClient(CloudResourceNames.EdgeQueue(tenant)).CreateIfNotExistsAsync();
var channel = BusChannel.Ingress(tenant);
Console.WriteLine($"tenant {tenant.Value}, {Environment.ProcessorCount} cores, concurrency {concurrency}");

// 1. ORM NW for patients seen before (an A04 first): the common case. 2. ORM NW for patients never seen.
var known = Enumerable.Range(0, orders).Select(i => $"K{i:D6}").ToArray();
await RunAsync("A04 (setup)", known.Select(id => Hl7(Adt(id))).ToArray(), report: false);
await RunAsync("ORM^O01 NW, known patient", known.Select((id, i) => Hl7(Orm(id, $"KA{i:D6}"))).ToArray());
await RunAsync("ORM^O01 NW, new patient", Enumerable.Range(0, orders / 2).Select(i => Hl7(Orm($"N{i:D6}", $"NA{i:D6}"))).ToArray());

// 3. Instance indexing: 100 instances per study, headers of a CT with 32 KiB of pixel data, uploaded beforehand.
var events = new List<BusMessage>(instances);
var template = new byte[32 * 1024];
for (var study = 0; study < Math.Max(1, instances / 100); study++)
{
    var studyUid = DicomUid.Generate().Value;
    var seriesUid = DicomUid.Generate().Value;
    var uploads = new List<Task<BusMessage>>();
    for (var n = 0; n < Math.Min(100, instances - events.Count); n++)
    {
        uploads.Add(UploadAsync(studyUid, seriesUid, $"KA{study:D6}", template));
    }

    events.AddRange(await Task.WhenAll(uploads));
}

await RunAsync("dicom.instance-stored", events.ToArray());
return 0;

async Task RunAsync(string name, BusMessage[] messages, bool report = true)
{
    var (t0, b0, q0) = (roundTrips.Tables, roundTrips.Blobs, roundTrips.Queues);
    var watch = Stopwatch.StartNew();
    // Like Service Bus sessions: the messages of one session key go in order through one worker at a time.
    var sessions = messages.GroupBy(m => m.SessionKey, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
    var next = -1;
    var failures = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < sessions.Length)
        {
            foreach (var message in sessions[i])
            {
                var settlement = await dispatcher.DispatchAsync(message, new BusDelivery(channel, 1, message.MessageId, DateTimeOffset.UtcNow), CancellationToken.None);
                if (settlement.Outcome != BusOutcome.Complete)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }
    }));
    watch.Stop();
    if (report)
    {
        var n = (double)messages.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-30} {messages.Length,6} msgs {watch.Elapsed.TotalSeconds,7:F1} s {n / watch.Elapsed.TotalSeconds,7:F0} msg/s  " +
            $"table {(roundTrips.Tables - t0) / n:F2}/msg  blob {(roundTrips.Blobs - b0) / n:F2}/msg  queue {(roundTrips.Queues - q0) / n:F2}/msg  failed {failures}"));
    }
}

BusMessage Hl7(string er7) => new()
{
    MessageId = BusMessage.NewId(),
    Kind = BusMessageKinds.Hl7Received,
    SessionKey = BusSessionKey.For(tenant, er7.Split("PID|1||")[1].Split('^')[0]),
    ClaimedTenant = tenant.Value,
    ContentType = Hl7MessageProperties.Er7ContentType,
    Body = Encoding.UTF8.GetBytes(er7),
};

static string Adt(string patient) =>
    $"MSH|^~\\&|RIS|HOSP|CLOUD|CLOUD|20240315083000||ADT^A04|A{patient}|P|2.3.1\rEVN|A04|20240315083000\r" +
    $"PID|1||{patient}^^^HOSP^MR||DOE^JOHN||19700101|M\rPV1|1|O\r";

static string Orm(string patient, string accession) =>
    $"MSH|^~\\&|RIS|HOSP|CLOUD|CLOUD|20240315090000||ORM^O01|O{accession}|P|2.3.1\r" +
    $"PID|1||{patient}^^^HOSP^MR||DOE^JOHN||19700101|M\rPV1|1|O|RAD||||D1^REFERRER^RITA\r" +
    $"ORC|NW|P{accession}^RIS|F{accession}^RIS||SC||^^^20240316090000^^R||20240315090000\r" +
    $"OBR|1|P{accession}^RIS|F{accession}^RIS|CTCHEST^CT Chest^L||||||||||||D1^REFERRER||{accession}|RP1|SPS1||||CT\r";

async Task<BusMessage> UploadAsync(string studyUid, string seriesUid, string accession, byte[] pixels)
{
    var sop = DicomUid.Generate().Value;
    var ds = new DicomDataset()
        .SetUid(DicomTag.SOPClassUID, DicomUid.CTImageStorage)
        .SetString(DicomTag.SOPInstanceUID, sop)
        .SetString(DicomTag.AccessionNumber, accession)
        .SetString(DicomTag.Modality, "CT")
        .SetString(DicomTag.PatientName, "DOE^JOHN")
        .SetString(DicomTag.PatientID, "K" + accession[2..])
        .SetString(DicomTag.StudyInstanceUID, studyUid)
        .SetString(DicomTag.SeriesInstanceUID, seriesUid)
        .SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
    using var file = new MemoryStream();
    DicomFileWriter.Write(file, new DicomFile(ds), DicomTransferSyntax.ExplicitVRLittleEndian);
    var header = DicomFileReader.Read(file.ToArray(), new DicomReaderOptions { StopBeforePixelData = true });
    var path = $"{studyUid}/{seriesUid}/{sop}.dcm";
    file.Position = 0;
    await blobs.UploadAsync(CloudResourceNames.DicomContainer(tenant), path, file, new BlobWriteOptions { Mode = BlobWriteMode.Overwrite });
    return new BusMessage
    {
        MessageId = BusMessage.NewId(),
        Kind = BusMessageKinds.DicomInstanceStored,
        SessionKey = BusSessionKey.For(tenant, "K" + accession[2..]),
        ClaimedTenant = tenant.Value,
        ContentType = BusContractJson.ContentType,
        Body = BusContractJson.Serialize(new InstanceStoredEvent
        {
            BlobPath = path, StudyInstanceUid = studyUid, SeriesInstanceUid = seriesUid, SopInstanceUid = sop,
            SopClassUid = DicomUid.CTImageStorage.Value, TransferSyntaxUid = DicomUid.ExplicitVRLittleEndian.Value,
            SizeBytes = file.Length, Sha256 = new string('0', 64), HeaderLengthBytes = header.ReadResult.BytesConsumed,
            ReceivedAt = DateTimeOffset.UtcNow,
        }),
    };
}
