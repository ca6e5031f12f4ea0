namespace CloudRisPacs.Azure.Configuration;

/// <summary>
/// The Storage Queue bus of local mode. Connection from section <c>CloudRisPacs:Storage</c> (<c>ConnectionString</c> or
/// <c>QueueServiceUri</c>); tuning from <c>CloudRisPacs:Bus:StorageQueues</c>.
/// </summary>
public sealed class StorageQueueBusOptions
{
    public const string SectionName = "Storage";
    public const string TuningSectionName = "Bus:StorageQueues";

    /// <summary>The service's limit on a message's text.</summary>
    public const int QueueMessageLimitBytes = 64 * 1024;

    public string? ConnectionString { get; set; }

    /// <summary>For example <c>https://account.queue.core.windows.net</c>.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>How long a received message stays invisible while its handler runs. Longer than the slowest handler.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages handled at the same time per channel.</summary>
    public int MaxConcurrentMessages { get; set; } = 8;

    /// <summary>Messages asked for per receive request (the service allows 1 to 32).</summary>
    public int ReceiveBatchSize { get; set; } = 16;

    /// <summary>Wait after an empty receive; doubles up to <see cref="MaxPollInterval"/> while the queue stays empty.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Serialized envelopes larger than this go through the claim check. At most the service limit (64 KiB).</summary>
    public int MaxMessageBytes { get; set; } = QueueMessageLimitBytes;

    /// <summary>The service's limit on a queue name.</summary>
    public const int QueueNameMaxLength = 63;

    /// <summary>Create the channel and its <c>poison-</c> queue when missing (local mode).</summary>
    public bool CreateQueuesIfMissing { get; set; } = true;

    private const string PoisonPrefix = "poison-";

    /// <summary>
    /// The poison queue of a channel queue: <c>poison-{queue}</c>. A prefix, not a suffix: tenant queues are
    /// <c>ingress-{tenant}</c> and <c>edge-{tenant}</c>, so <c>ingress-clinic-poison</c> would be the ingress queue of tenant
    /// <c>clinic-poison</c>, while no tenant queue starts with <c>poison-</c>. Throws when the name would exceed the service's
    /// 63 characters (a tenant queue is at most 32, so only a caller's own long channel name can).
    /// </summary>
    public static string PoisonQueueName(string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        var name = PoisonPrefix + queueName;
        return name.Length <= QueueNameMaxLength
            ? name
            : throw new ArgumentException(
                $"Queue '{queueName}' is too long to have a poison queue: '{name}' exceeds the service's {QueueNameMaxLength} characters " +
                $"(a channel queue can have at most {QueueNameMaxLength - PoisonPrefix.Length}).", nameof(queueName));
    }

    /// <summary>Problems with the connection and the tuning, in plain words; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ConnectionRules.CheckOneOf(problems, SectionName, ConnectionString, nameof(QueueServiceUri), QueueServiceUri);
        ConnectionRules.CheckServiceUri(problems, SectionName, nameof(QueueServiceUri), QueueServiceUri);
        problems.AddRange(ValidateTuning());
        return problems;
    }

    /// <summary>Problems with the tuning alone (what a publisher or pump given a ready client needs).</summary>
    public IReadOnlyList<string> ValidateTuning()
    {
        var problems = new List<string>();
        var tuning = TuningSectionName;
        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromDays(7))
        {
            problems.Add($"{tuning}:VisibilityTimeout must be between 1 second and 7 days (it is {VisibilityTimeout}).");
        }

        if (MaxConcurrentMessages < 1)
        {
            problems.Add($"{tuning}:MaxConcurrentMessages must be at least 1.");
        }

        if (ReceiveBatchSize is < 1 or > 32)
        {
            problems.Add($"{tuning}:ReceiveBatchSize must be 1 to 32 (the service's limit).");
        }

        if (MinPollInterval <= TimeSpan.Zero || MaxPollInterval < MinPollInterval)
        {
            problems.Add($"{tuning}:MinPollInterval must be positive and not above MaxPollInterval.");
        }

        if (MaxMessageBytes is < 4096 or > QueueMessageLimitBytes)
        {
            problems.Add($"{tuning}:MaxMessageBytes must be 4096 to {QueueMessageLimitBytes} (it is {MaxMessageBytes}).");
        }

        return problems;
    }
}
