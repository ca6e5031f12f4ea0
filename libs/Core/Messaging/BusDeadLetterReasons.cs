namespace CloudRisPacs.Core.Messaging;

/// <summary>Reasons the bus infrastructure itself records when it dead-letters (parks) a message.</summary>
public static class BusDeadLetterReasons
{
    /// <summary>The message was delivered the configured maximum number of times without completing.</summary>
    public const string MaxDeliveriesExceeded = "max-deliveries-exceeded";

    /// <summary>The payload claims a tenant other than the one its channel belongs to.</summary>
    public const string TenantMismatch = "tenant-mismatch";

    /// <summary>The transport message is not a valid envelope (bad JSON, missing fields, invalid values).</summary>
    public const string MalformedEnvelope = "malformed-envelope";

    /// <summary>The claim-checked body is missing or does not match its recorded length and hash.</summary>
    public const string ClaimCheckFailed = "claim-check-failed";

    /// <summary>The body does not match the contract its kind names (see <c>Contracts/</c>).</summary>
    public const string MalformedBody = "malformed-body";

    /// <summary>No handler is registered for the message's kind.</summary>
    public const string UnknownKind = "unknown-kind";

    /// <summary>Reason used when a handler throws <see cref="BusDeadLetterException"/> without naming one.</summary>
    public const string HandlerRejected = "handler-rejected";

    /// <summary>Retry reason when a handler throws an unexpected exception.</summary>
    public const string HandlerFailed = "handler-failed";
}
