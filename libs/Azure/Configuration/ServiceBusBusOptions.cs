namespace CloudRisPacs.Azure.Configuration;

/// <summary>
/// The Service Bus bus (section <c>CloudRisPacs:ServiceBus</c>; app setting
/// <c>CloudRisPacs__ServiceBus__FullyQualifiedNamespace</c>). Queues are session-enabled: one session per tenant and
/// patient keeps that patient's messages in order.
/// </summary>
public sealed class ServiceBusBusOptions
{
    public const string SectionName = "ServiceBus";

    /// <summary>Standard tier's message limit; the claim check keeps bodies well below it.</summary>
    public const int StandardTierMessageLimitBytes = 256 * 1024;

    /// <summary>A connection string with a shared access key (tests and tools only; Azure uses Entra ID).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For example <c>clinic-bus.servicebus.windows.net</c>.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>Sessions (patients) processed at the same time per channel.</summary>
    public int MaxConcurrentSessions { get; set; } = 8;

    /// <summary>A session with no message for this long is released so another can be taken.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the processor keeps renewing a session lock for one slow handler.</summary>
    public TimeSpan MaxAutoLockRenewalDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A retry waits in the handler, holding the session (so later messages of that patient wait too, keeping order),
    /// for the backoff delay but at most this long, then abandons the message for redelivery.
    /// </summary>
    public TimeSpan MaxInProcessRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bodies larger than this go through the claim check.</summary>
    public int ClaimCheckThresholdBytes { get; set; } = 192 * 1024;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ConnectionRules.CheckOneOf(problems, SectionName, ConnectionString, nameof(FullyQualifiedNamespace),
            string.IsNullOrWhiteSpace(FullyQualifiedNamespace) ? null : FullyQualifiedNamespace);
        if (!string.IsNullOrWhiteSpace(FullyQualifiedNamespace)
            && (FullyQualifiedNamespace.Contains("://", StringComparison.Ordinal) || FullyQualifiedNamespace.Contains('/', StringComparison.Ordinal)
                || Uri.CheckHostName(FullyQualifiedNamespace) == UriHostNameType.Unknown))
        {
            problems.Add($"{SectionName}:FullyQualifiedNamespace '{FullyQualifiedNamespace}' must be a host name such as clinic-bus.servicebus.windows.net, without scheme or path.");
        }

        if (MaxConcurrentSessions < 1)
        {
            problems.Add($"{SectionName}:MaxConcurrentSessions must be at least 1.");
        }

        if (SessionIdleTimeout <= TimeSpan.Zero || MaxAutoLockRenewalDuration < TimeSpan.Zero || MaxInProcessRetryDelay < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:SessionIdleTimeout must be positive; MaxAutoLockRenewalDuration and MaxInProcessRetryDelay non-negative.");
        }

        if (ClaimCheckThresholdBytes is < 1024 or > StandardTierMessageLimitBytes - 8192)
        {
            problems.Add($"{SectionName}:ClaimCheckThresholdBytes must be 1024 to {StandardTierMessageLimitBytes - 8192}.");
        }

        return problems;
    }
}
