using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Core.Messaging;

/// <summary>The default <see cref="IBusDeadLetterObserver"/>: an error log entry per parked message.</summary>
public sealed partial class LoggingDeadLetterObserver(ILogger<LoggingDeadLetterObserver> logger) : IBusDeadLetterObserver
{
    public Task OnDeadLetteredAsync(BusDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        LogParked(logger, deadLetter.MessageId, deadLetter.Kind, deadLetter.Channel.Name, deadLetter.Location,
            deadLetter.Reason, deadLetter.Description, deadLetter.DeliveryCount);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error,
        Message = "Bus message {MessageId} ({Kind}) from {Channel} parked in {Location}: {Reason}: {Description} (after {DeliveryCount} deliveries)")]
    private static partial void LogParked(ILogger logger, string messageId, string? kind, string channel, string location,
        string reason, string? description, int deliveryCount);
}
