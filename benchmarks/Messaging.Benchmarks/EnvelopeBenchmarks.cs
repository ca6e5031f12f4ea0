using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Messaging.Benchmarks;

/// <summary>
/// The envelope serializer against the obvious alternative, System.Text.Json's reflection serializer on an equivalent
/// DTO (no validation, no size limits), for a typical 2 KiB HL7 message.
/// </summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private BusMessage message = null!;
    private EnvelopeDto dto = null!;
    private byte[] serialized = null!;
    private byte[] serializedDto = null!;

    [GlobalSetup]
    public void Setup()
    {
        var body = new byte[2048];
        new Random(1).NextBytes(body);
        message = new BusMessage
        {
            MessageId = "4f0c2b8e9d6a4e0f8a1b2c3d4e5f6a7b",
            Kind = BusMessageKinds.Hl7Received,
            SessionKey = "clinic-a/PAT123456^^^HOSP",
            CorrelationId = "MSG000123",
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ClaimedTenant = "clinic-a",
            SourceSite = "site-1",
            ContentType = "x-application/hl7-v2+er7",
            Body = body,
            Properties = new Dictionary<string, string> { ["mllp.peer"] = "10.0.0.5" },
        };
        dto = new EnvelopeDto(1, message.MessageId, message.Kind, message.SessionKey, message.CorrelationId, message.TraceParent, null,
            message.ClaimedTenant, message.SourceSite, message.CreatedAt, message.ContentType,
            new Dictionary<string, string>(message.Properties), body);
        serialized = BusEnvelopeSerializer.Serialize(message);
        serializedDto = JsonSerializer.SerializeToUtf8Bytes(dto);
    }

    [Benchmark]
    public byte[] Serialize() => BusEnvelopeSerializer.Serialize(message);

    [Benchmark]
    public byte[] SerializeReflectionDto() => JsonSerializer.SerializeToUtf8Bytes(dto);

    [Benchmark]
    public BusEnvelope Deserialize() => BusEnvelopeSerializer.Deserialize(serialized);

    [Benchmark]
    public EnvelopeDto? DeserializeReflectionDto() => JsonSerializer.Deserialize<EnvelopeDto>(serializedDto);

    public sealed record EnvelopeDto(
        int V,
        string MessageId,
        string Kind,
        string SessionKey,
        string? CorrelationId,
        string? TraceParent,
        string? TraceState,
        string? ClaimedTenant,
        string? SourceSite,
        DateTimeOffset CreatedAt,
        string ContentType,
        Dictionary<string, string> Properties,
        byte[] Body);
}
