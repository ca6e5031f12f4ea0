using System.Diagnostics;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// The envelope every bus message travels in, independent of the transport (Service Bus, Storage Queue, a test).
/// Transports map the fields to native properties where they have them and otherwise use
/// <see cref="BusEnvelopeSerializer"/>. Equality compares every field including the body bytes and properties.
/// </summary>
public sealed record BusMessage
{
    private readonly IReadOnlyDictionary<string, string> properties = EmptyProperties;

    private static readonly IReadOnlyDictionary<string, string> EmptyProperties =
        new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    /// <summary>Unique id chosen by the sender; the dedupe key for duplicate detection and idempotent handlers.</summary>
    public required string MessageId { get; init; }

    /// <summary>What the body is; one of <see cref="BusMessageKinds"/> for the messages this system exchanges.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// Ordering key: messages with the same key are delivered in order where the transport can (Service Bus sessions).
    /// Built from tenant and patient with <see cref="BusSessionKey.For"/>.
    /// </summary>
    public required string SessionKey { get; init; }

    /// <summary>Ties the message to its origin (an HL7 MSH-10, a DICOM association) across every stage.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>W3C <c>traceparent</c> of the operation that produced the message.</summary>
    public string? TraceParent { get; init; }

    /// <summary>W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; init; }

    /// <summary>
    /// The tenant the sender says it is. Never trusted: the receiver takes the tenant from the channel
    /// (<see cref="BusDelivery.Tenant"/>) and refuses a message whose claim differs.
    /// </summary>
    public string? ClaimedTenant { get; init; }

    /// <summary>The edge site that produced the message, for diagnostics.</summary>
    public string? SourceSite { get; init; }

    /// <summary>When the sender created the message (not when the transport enqueued it).</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>MIME type of <see cref="Body"/>, for example <c>x-application/hl7-v2+er7</c> or <c>application/json</c>.</summary>
    public string ContentType { get; init; } = "application/octet-stream";

    /// <summary>The payload bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Additional string properties; names must not collide with <see cref="BusMessageRules.ReservedPropertyNames"/>.</summary>
    public IReadOnlyDictionary<string, string> Properties
    {
        get => properties;
        init => properties = value is null
            ? EmptyProperties
            : new Dictionary<string, string>(value, StringComparer.Ordinal).AsReadOnly();
    }

    /// <summary>A new random message id (32 lower-case hex digits).</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A copy carrying the W3C trace context of <see cref="Activity.Current"/>, when there is one.</summary>
    public BusMessage WithCurrentTraceContext()
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return this;
        }

        return this with { TraceParent = activity.Id, TraceState = activity.TraceStateString };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that breaks <see cref="BusMessageRules"/>.</summary>
    public void Validate()
    {
        var problem = BusMessageRules.FindProblem(this);
        if (problem is not null)
        {
            throw new ArgumentException($"Bus message '{MessageId}' is invalid: {problem}", nameof(BusMessage));
        }
    }

    public bool Equals(BusMessage? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && string.Equals(MessageId, other.MessageId, StringComparison.Ordinal)
            && string.Equals(Kind, other.Kind, StringComparison.Ordinal)
            && string.Equals(SessionKey, other.SessionKey, StringComparison.Ordinal)
            && string.Equals(CorrelationId, other.CorrelationId, StringComparison.Ordinal)
            && string.Equals(TraceParent, other.TraceParent, StringComparison.Ordinal)
            && string.Equals(TraceState, other.TraceState, StringComparison.Ordinal)
            && string.Equals(ClaimedTenant, other.ClaimedTenant, StringComparison.Ordinal)
            && string.Equals(SourceSite, other.SourceSite, StringComparison.Ordinal)
            && CreatedAt.Equals(other.CreatedAt)
            && string.Equals(ContentType, other.ContentType, StringComparison.Ordinal)
            && Body.Span.SequenceEqual(other.Body.Span)
            && PropertiesEqual(properties, other.properties);
    }

    public override int GetHashCode() => HashCode.Combine(MessageId, Kind, SessionKey, CreatedAt, Body.Length);

    private static bool PropertiesEqual(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (name, value) in left)
        {
            if (!right.TryGetValue(name, out var otherValue) || !string.Equals(value, otherValue, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
