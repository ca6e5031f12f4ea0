using System.Globalization;
using Azure.Messaging.ServiceBus;
using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Azure.ServiceBus;

/// <summary>
/// Maps the envelope to Service Bus's native message fields and back: MessageId (duplicate detection), SessionId =
/// session key (per-patient order), CorrelationId, Subject = kind, ContentType, and application properties
/// <c>kind</c>, <c>traceparent</c>, <c>tracestate</c>, <c>claimed-tenant</c>, <c>source-site</c>, <c>created-at</c>,
/// <c>claim-check</c> plus the message's own properties. Reading is tolerant: foreign properties that are not valid
/// envelope properties are skipped, an invalid trace context is dropped; a message without id, kind or session is refused.
/// </summary>
public static class ServiceBusEnvelopeMapper
{
    public const string KindProperty = "kind";
    public const string TraceParentProperty = "traceparent";
    public const string TraceStateProperty = "tracestate";
    public const string ClaimedTenantProperty = "claimed-tenant";
    public const string SourceSiteProperty = "source-site";
    public const string CreatedAtProperty = "created-at";
    public const string ClaimCheckProperty = "claim-check";

    /// <summary>The transport message for <paramref name="message"/>; with a claim, the body stays behind in Blob.</summary>
    public static ServiceBusMessage ToServiceBusMessage(BusMessage message, BusBodyClaim? claim = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var transport = new ServiceBusMessage(claim is null ? new BinaryData(message.Body) : new BinaryData(ReadOnlyMemory<byte>.Empty))
        {
            MessageId = message.MessageId,
            SessionId = message.SessionKey,
            CorrelationId = message.CorrelationId,
            Subject = message.Kind,
            ContentType = message.ContentType,
        };
        var properties = transport.ApplicationProperties;
        foreach (var (name, value) in message.Properties)
        {
            properties[name] = value;
        }

        properties[KindProperty] = message.Kind;
        properties[CreatedAtProperty] = message.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        SetIfPresent(properties, TraceParentProperty, message.TraceParent);
        SetIfPresent(properties, TraceStateProperty, message.TraceState);
        SetIfPresent(properties, ClaimedTenantProperty, message.ClaimedTenant);
        SetIfPresent(properties, SourceSiteProperty, message.SourceSite);
        if (claim is not null)
        {
            properties[ClaimCheckProperty] = string.Create(CultureInfo.InvariantCulture, $"{claim.Length}:{claim.Sha256}:{claim.BlobName}");
        }

        return transport;
    }

    /// <summary>Reads the envelope of a received message, or says why it is not one.</summary>
    public static bool TryFromReceived(ServiceBusReceivedMessage received, out BusEnvelope? envelope, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(received);
        envelope = null;
        var properties = received.ApplicationProperties;
        var kind = Text(properties, KindProperty) ?? received.Subject;
        if (string.IsNullOrEmpty(received.MessageId) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(received.SessionId))
        {
            problem = "The message lacks a MessageId, a kind (application property 'kind' or Subject) or a SessionId.";
            return false;
        }

        var traceParent = Text(properties, TraceParentProperty);
        var traceState = Text(properties, TraceStateProperty);
        if (!BusMessageRules.IsValidTraceParent(traceParent))
        {
            traceParent = null;
            traceState = null;
        }

        var createdAt = DateTimeOffset.TryParse(Text(properties, CreatedAtProperty), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
            out var parsed) ? parsed : received.EnqueuedTime;
        var message = new BusMessage
        {
            MessageId = received.MessageId,
            Kind = kind,
            SessionKey = received.SessionId,
            CorrelationId = string.IsNullOrEmpty(received.CorrelationId) ? null : received.CorrelationId,
            TraceParent = traceParent,
            TraceState = traceState,
            ClaimedTenant = Text(properties, ClaimedTenantProperty),
            SourceSite = Text(properties, SourceSiteProperty),
            CreatedAt = createdAt,
            ContentType = string.IsNullOrEmpty(received.ContentType) ? "application/octet-stream" : received.ContentType,
            Properties = UserProperties(properties),
            Body = received.Body.ToMemory(),
        };
        if (BusMessageRules.FindProblem(message) is { } invalid)
        {
            problem = invalid;
            return false;
        }

        if (Text(properties, ClaimCheckProperty) is { } claimText)
        {
            if (!TryParseClaim(claimText, out var claim, out problem))
            {
                return false;
            }

            envelope = new BusEnvelope(message with { Body = ReadOnlyMemory<byte>.Empty }, claim);
        }
        else
        {
            envelope = new BusEnvelope(message, null);
        }

        problem = null;
        return true;
    }

    private static bool TryParseClaim(string text, out BusBodyClaim? claim, out string? problem)
    {
        claim = null;
        var parts = text.Split(':', 3);
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            problem = $"Application property '{ClaimCheckProperty}' ('{text}') is not '<length>:<sha256>:<blob>'.";
            return false;
        }

        problem = BusBodyClaim.FindProblem(parts[2], length, parts[1]);
        if (problem is not null)
        {
            return false;
        }

        claim = new BusBodyClaim(parts[2], length, parts[1]);
        return true;
    }

    private static Dictionary<string, string> UserProperties(IReadOnlyDictionary<string, object> properties)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (result.Count == BusMessageRules.MaxProperties || value is null
                || BusMessageRules.ReservedPropertyNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
            var probe = new BusMessage { MessageId = "x", Kind = "x", SessionKey = "x", Properties = new Dictionary<string, string> { [name] = text ?? string.Empty } };
            if (text is not null && BusMessageRules.FindProblem(probe) is null)
            {
                result[name] = text;
            }
        }

        return result;
    }

    private static string? Text(IReadOnlyDictionary<string, object> properties, string name) =>
        properties.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;

    private static void SetIfPresent(IDictionary<string, object> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = value;
        }
    }
}
