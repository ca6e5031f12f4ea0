using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// The envelope as one JSON document, for transports without native message properties (Storage Queues, poison
/// records). The layout (version 1; optional members are omitted when null or empty):
/// <code>
/// { "v": 1, "messageId": "…", "kind": "hl7.received", "sessionKey": "tenant/patient",
///   "correlationId": "…", "traceparent": "00-…-…-01", "tracestate": "…", "claimedTenant": "…", "sourceSite": "…",
///   "createdAt": "2026-11-27T12:00:00.0000000+00:00", "contentType": "…", "properties": { "name": "value" },
///   "body": "&lt;base64&gt;"  |  "bodyClaim": { "blob": "…", "length": 123, "sha256": "&lt;64 hex&gt;" } }
/// </code>
/// Writing is strict (the message is validated; output is pure ASCII with <c>&lt; &gt; &amp;</c> escaped, so it can sit in
/// XML unchanged). Reading is tolerant of unknown members and of an invalid trace context (dropped, as W3C requires)
/// and throws only <see cref="BusEnvelopeFormatException"/> for anything else that is wrong.
/// </summary>
public static class BusEnvelopeSerializer
{
    /// <summary>The version this serializer writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Default upper bound of the serialized size accepted when reading.</summary>
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Default, Indented = false };

    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        MaxDepth = 4,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Serializes <paramref name="message"/> with its body inline, or with <paramref name="bodyClaim"/> instead of the body.</summary>
    public static byte[] Serialize(BusMessage message, BusBodyClaim? bodyClaim = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var buffer = new ArrayBufferWriter<byte>(256 + (message.Body.Length * 4 / 3));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("messageId", message.MessageId);
            writer.WriteString("kind", message.Kind);
            writer.WriteString("sessionKey", message.SessionKey);
            WriteOptional(writer, "correlationId", message.CorrelationId);
            WriteOptional(writer, "traceparent", message.TraceParent);
            WriteOptional(writer, "tracestate", message.TraceState);
            WriteOptional(writer, "claimedTenant", message.ClaimedTenant);
            WriteOptional(writer, "sourceSite", message.SourceSite);
            writer.WriteString("createdAt", message.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("contentType", message.ContentType);
            if (message.Properties.Count > 0)
            {
                writer.WriteStartObject("properties");
                foreach (var (name, value) in message.Properties.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
            }

            if (bodyClaim is null)
            {
                writer.WriteBase64String("body", message.Body.Span);
            }
            else
            {
                writer.WriteStartObject("bodyClaim");
                writer.WriteString("blob", bodyClaim.BlobName);
                writer.WriteNumber("length", bodyClaim.Length);
                writer.WriteString("sha256", bodyClaim.Sha256);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes to a string (ASCII), the form queue transports carry.</summary>
    public static string SerializeToString(BusMessage message, BusBodyClaim? bodyClaim = null) =>
        Encoding.ASCII.GetString(Serialize(message, bodyClaim));

    /// <summary>Reads an envelope; throws <see cref="BusEnvelopeFormatException"/> saying what is wrong.</summary>
    public static BusEnvelope Deserialize(ReadOnlyMemory<byte> utf8, int maxBytes = DefaultMaxBytes)
    {
        if (utf8.Length > maxBytes)
        {
            throw new BusEnvelopeFormatException($"The envelope is {utf8.Length} bytes; at most {maxBytes} are accepted.");
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, ReaderOptions);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new BusEnvelopeFormatException($"The envelope is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json reports an escaped lone surrogate (\ud800) this way when it unescapes a name or string.
            throw new BusEnvelopeFormatException($"The envelope holds text that is not valid UTF-16: {ex.Message}", ex);
        }
    }

    /// <summary>Reads an envelope from its string form.</summary>
    public static BusEnvelope Deserialize(string text, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxBytes)
        {
            throw new BusEnvelopeFormatException($"The envelope is {text.Length} characters; at most {maxBytes} are accepted.");
        }

        return Deserialize(Encoding.UTF8.GetBytes(text), maxBytes);
    }

    /// <summary>As <see cref="Deserialize(ReadOnlyMemory{byte}, int)"/>, returning the problem instead of throwing.</summary>
    public static bool TryDeserialize(ReadOnlyMemory<byte> utf8, out BusEnvelope? envelope, out string? problem, int maxBytes = DefaultMaxBytes)
    {
        try
        {
            envelope = Deserialize(utf8, maxBytes);
            problem = null;
            return true;
        }
        catch (BusEnvelopeFormatException ex)
        {
            envelope = null;
            problem = ex.Message;
            return false;
        }
    }

    private static BusEnvelope Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BusEnvelopeFormatException($"The envelope must be a JSON object, not {root.ValueKind}.");
        }

        var version = root.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number)
            ? number
            : throw new BusEnvelopeFormatException("The envelope has no integer version member 'v'.");
        if (version != Version)
        {
            throw new BusEnvelopeFormatException($"Envelope version {version} is not supported (this reader knows version {Version}).");
        }

        var traceParent = OptionalString(root, "traceparent");
        var traceState = OptionalString(root, "tracestate");
        if (traceParent is not null && !BusMessageRules.IsValidTraceParent(traceParent))
        {
            traceParent = null;
            traceState = null;
        }

        var hasBody = root.TryGetProperty("body", out var bodyElement);
        var hasClaim = root.TryGetProperty("bodyClaim", out var claimElement);
        if (hasBody && hasClaim)
        {
            throw new BusEnvelopeFormatException("The envelope has both 'body' and 'bodyClaim'.");
        }

        var message = new BusMessage
        {
            MessageId = RequiredString(root, "messageId"),
            Kind = RequiredString(root, "kind"),
            SessionKey = RequiredString(root, "sessionKey"),
            CorrelationId = OptionalString(root, "correlationId"),
            TraceParent = traceParent,
            TraceState = traceState,
            ClaimedTenant = OptionalString(root, "claimedTenant"),
            SourceSite = OptionalString(root, "sourceSite"),
            CreatedAt = ReadTimestamp(root),
            ContentType = OptionalString(root, "contentType") ?? "application/octet-stream",
            Properties = ReadProperties(root),
            Body = hasBody ? ReadBody(bodyElement) : ReadOnlyMemory<byte>.Empty,
        };

        if (BusMessageRules.FindProblem(message) is { } problem)
        {
            throw new BusEnvelopeFormatException($"The envelope is not a valid message: {problem}");
        }

        return new BusEnvelope(message, hasClaim ? ReadClaim(claimElement) : null);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) ?? throw new BusEnvelopeFormatException($"The envelope has no '{name}'.");

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw new BusEnvelopeFormatException($"Envelope member '{name}' must be a string, not {element.ValueKind}.");
    }

    private static DateTimeOffset ReadTimestamp(JsonElement root)
    {
        var text = RequiredString(root, "createdAt");
        return DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
            ? value
            : throw new BusEnvelopeFormatException($"Envelope member 'createdAt' ('{text}') is not an ISO 8601 timestamp.");
    }

    private static Dictionary<string, string> ReadProperties(JsonElement root)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("properties", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return properties;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new BusEnvelopeFormatException($"Envelope member 'properties' must be an object, not {element.ValueKind}.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new BusEnvelopeFormatException($"Property '{property.Name}' must be a string, not {property.Value.ValueKind}.");
            }

            properties[property.Name] = property.Value.GetString()!;
        }

        return properties;
    }

    private static byte[] ReadBody(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new BusEnvelopeFormatException($"Envelope member 'body' must be a base64 string, not {element.ValueKind}.");
        }

        return element.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw new BusEnvelopeFormatException("Envelope member 'body' is not valid base64.");
    }

    private static BusBodyClaim ReadClaim(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new BusEnvelopeFormatException($"Envelope member 'bodyClaim' must be an object, not {element.ValueKind}.");
        }

        var blob = OptionalString(element, "blob");
        var length = element.TryGetProperty("length", out var lengthElement) && lengthElement.ValueKind == JsonValueKind.Number
            && lengthElement.TryGetInt64(out var parsed)
            ? parsed
            : throw new BusEnvelopeFormatException("Envelope member 'bodyClaim.length' must be an integer.");
        var sha256 = OptionalString(element, "sha256");
        return BusBodyClaim.FindProblem(blob, length, sha256) is { } problem
            ? throw new BusEnvelopeFormatException(problem)
            : new BusBodyClaim(blob!, length, sha256!);
    }
}
