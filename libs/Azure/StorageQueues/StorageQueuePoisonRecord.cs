using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Azure.StorageQueues;

/// <summary>
/// What a <c>poison-&lt;queue&gt;</c> message holds: why and when the message was parked, and the message itself —
/// the original envelope (as a JSON object, its body claim-checked if the record would not fit otherwise), or for a
/// message that was not a valid envelope its raw text (or the claim-check blob holding it).
/// </summary>
public sealed record StorageQueuePoisonRecord
{
    public const int Version = 1;
    public const int MaxDescriptionLength = 2048;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Default };

    public required string Reason { get; init; }

    public string? Description { get; init; }

    public required int DeliveryCount { get; init; }

    public required string SourceQueue { get; init; }

    public required DateTimeOffset ParkedAt { get; init; }

    /// <summary>The storage queue's id of the parked copy.</summary>
    public required string TransportMessageId { get; init; }

    public DateTimeOffset? InsertedOn { get; init; }

    /// <summary>The envelope as serialized by <see cref="BusEnvelopeSerializer"/>, when the message was a valid envelope.</summary>
    public string? EnvelopeJson { get; init; }

    /// <summary>The original text, when it was not a valid envelope.</summary>
    public string? RawText { get; init; }

    /// <summary>Name of the claim-check blob holding the original text, when it was too large to embed.</summary>
    public string? RawTextBlob { get; init; }

    /// <summary>The parked envelope, when there is one.</summary>
    public BusEnvelope? ReadEnvelope() => EnvelopeJson is null ? null : BusEnvelopeSerializer.Deserialize(EnvelopeJson);

    public string Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("reason", Reason);
            if (Description is not null)
            {
                writer.WriteString("description", Description.Length > MaxDescriptionLength ? Description[..MaxDescriptionLength] : Description);
            }

            writer.WriteNumber("deliveryCount", DeliveryCount);
            writer.WriteString("sourceQueue", SourceQueue);
            writer.WriteString("parkedAt", ParkedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("transportMessageId", TransportMessageId);
            if (InsertedOn is { } insertedOn)
            {
                writer.WriteString("insertedOn", insertedOn.ToString("O", CultureInfo.InvariantCulture));
            }

            if (EnvelopeJson is not null)
            {
                writer.WritePropertyName("envelope");
                writer.WriteRawValue(EnvelopeJson);
            }

            if (RawText is not null)
            {
                writer.WriteString("rawText", RawText);
            }

            if (RawTextBlob is not null)
            {
                writer.WriteString("rawTextBlob", RawTextBlob);
            }

            writer.WriteEndObject();
        }

        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a record; throws <see cref="FormatException"/> when the text is not one.</summary>
    public static StorageQueuePoisonRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            return new StorageQueuePoisonRecord
            {
                Reason = root.GetProperty("reason").GetString() ?? throw new FormatException("The poison record has no reason."),
                Description = root.TryGetProperty("description", out var description) ? description.GetString() : null,
                DeliveryCount = root.GetProperty("deliveryCount").GetInt32(),
                SourceQueue = root.GetProperty("sourceQueue").GetString() ?? string.Empty,
                ParkedAt = DateTimeOffset.Parse(root.GetProperty("parkedAt").GetString()!, CultureInfo.InvariantCulture),
                TransportMessageId = root.GetProperty("transportMessageId").GetString() ?? string.Empty,
                InsertedOn = root.TryGetProperty("insertedOn", out var inserted)
                    ? DateTimeOffset.Parse(inserted.GetString()!, CultureInfo.InvariantCulture)
                    : null,
                EnvelopeJson = root.TryGetProperty("envelope", out var envelope) ? envelope.GetRawText() : null,
                RawText = root.TryGetProperty("rawText", out var raw) ? raw.GetString() : null,
                RawTextBlob = root.TryGetProperty("rawTextBlob", out var blob) ? blob.GetString() : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            throw new FormatException($"Not a poison record: {ex.Message}", ex);
        }
    }
}
