using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// The one JSON form of the contract bodies, shared by the edge agent and the cloud: camelCase, nulls omitted, unknown
/// members ignored so either side can add fields first. Throws <see cref="BusDeadLetterException"/> for a body that
/// cannot be read, so a malformed message is dead-lettered with its reason rather than retried forever.
/// </summary>
public static class BusContractJson
{
    public const string ContentType = "application/json";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, Options);

    public static T Deserialize<T>(BusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return JsonSerializer.Deserialize<T>(message.Body.Span, Options)
                ?? throw new BusDeadLetterException(BusDeadLetterReasons.MalformedBody, $"The {message.Kind} body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new BusDeadLetterException(
                BusDeadLetterReasons.MalformedBody, $"The {message.Kind} body is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
