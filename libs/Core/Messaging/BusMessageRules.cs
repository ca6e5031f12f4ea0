using System.Text.RegularExpressions;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// What a valid <see cref="BusMessage"/> looks like. The limits are the tightest of the transports we use, so a
/// message valid here is accepted by Service Bus and Storage Queues alike (Service Bus caps ids at 128 characters).
/// </summary>
public static partial class BusMessageRules
{
    public const int MaxIdLength = 128;
    public const int MaxKindLength = 64;
    public const int MaxTraceStateLength = 512;
    public const int MaxShortTextLength = 128;
    public const int MaxProperties = 32;
    public const int MaxPropertyNameLength = 64;
    public const int MaxPropertyValueLength = 4096;

    /// <summary>Names the envelope itself uses on transports with native properties; user properties may not take them.</summary>
    public static IReadOnlyList<string> ReservedPropertyNames { get; } =
    [
        "kind", "traceparent", "tracestate", "claimed-tenant", "source-site", "created-at", "claim-check",
        "Diagnostic-Id", "DeadLetterReason", "DeadLetterErrorDescription",
    ];

    /// <summary>Returns the first rule <paramref name="message"/> breaks, or null when it is valid.</summary>
    public static string? FindProblem(BusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return RequiredText(message.MessageId, nameof(BusMessage.MessageId), MaxIdLength)
            ?? KindProblem(message.Kind)
            ?? RequiredText(message.SessionKey, nameof(BusMessage.SessionKey), MaxIdLength)
            ?? OptionalText(message.CorrelationId, nameof(BusMessage.CorrelationId), MaxIdLength)
            ?? TraceParentProblem(message.TraceParent)
            ?? OptionalText(message.TraceState, nameof(BusMessage.TraceState), MaxTraceStateLength)
            ?? OptionalText(message.ClaimedTenant, nameof(BusMessage.ClaimedTenant), MaxShortTextLength)
            ?? OptionalText(message.SourceSite, nameof(BusMessage.SourceSite), MaxShortTextLength)
            ?? RequiredText(message.ContentType, nameof(BusMessage.ContentType), MaxShortTextLength)
            ?? PropertiesProblem(message.Properties);
    }

    /// <summary>True for a syntactically valid W3C traceparent (version 00 layout).</summary>
    public static bool IsValidTraceParent(string? value) => value is not null && TraceParentPattern().IsMatch(value);

    private static string? KindProblem(string? kind)
    {
        if (RequiredText(kind, nameof(BusMessage.Kind), MaxKindLength) is { } problem)
        {
            return problem;
        }

        return KindPattern().IsMatch(kind!)
            ? null
            : $"Kind '{kind}' must be lower-case letters, digits, '.' and '-' (for example 'hl7.received').";
    }

    private static string? TraceParentProblem(string? value) =>
        value is null || IsValidTraceParent(value)
            ? null
            : $"TraceParent '{value}' is not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>).";

    private static string? PropertiesProblem(IReadOnlyDictionary<string, string> properties)
    {
        if (properties.Count > MaxProperties)
        {
            return $"Properties has {properties.Count} entries; at most {MaxProperties} are allowed.";
        }

        foreach (var (name, value) in properties)
        {
            if (string.IsNullOrEmpty(name) || name.Length > MaxPropertyNameLength || !PropertyNamePattern().IsMatch(name))
            {
                return $"Property name '{name}' must be 1 to {MaxPropertyNameLength} letters, digits, '.', '_' or '-'.";
            }

            if (ReservedPropertyNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return $"Property name '{name}' is reserved for the envelope.";
            }

            if (value is null || value.Length > MaxPropertyValueLength || HasControlCharacters(value))
            {
                return $"Property '{name}' must be a string of at most {MaxPropertyValueLength} characters without control characters.";
            }
        }

        return null;
    }

    private static string? RequiredText(string? value, string field, int maxLength) =>
        string.IsNullOrEmpty(value) ? $"{field} is required." : OptionalText(value, field, maxLength);

    private static string? OptionalText(string? value, string field, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0 || value.Length > maxLength)
        {
            return $"{field} must be 1 to {maxLength} characters long (it has {value.Length}).";
        }

        return HasControlCharacters(value) ? $"{field} must not contain control characters." : null;
    }

    private static bool HasControlCharacters(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.Contains('\u007f', StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyNamePattern();

    [GeneratedRegex("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex TraceParentPattern();
}
