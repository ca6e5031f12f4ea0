using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Runs a handler for one delivery and turns what happened into a <see cref="BusSettlement"/>. All the bus's
/// decisions live here, transport-free: the delivery limit, the tenant guard, exceptions, retry backoff. A pump (or an
/// Azure Functions trigger) maps the transport's message to a <see cref="BusMessage"/>, calls
/// <see cref="DispatchAsync"/> and executes the settlement.
/// </summary>
public sealed partial class BusDispatcher
{
    private readonly IBusMessageHandler handler;
    private readonly ILogger logger;

    public BusDispatcher(IBusMessageHandler handler, BusRetryPolicy retryPolicy, ILogger<BusDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(retryPolicy);
        var problems = retryPolicy.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(retryPolicy));
        }

        this.handler = handler;
        RetryPolicy = retryPolicy;
        this.logger = logger ?? NullLogger<BusDispatcher>.Instance;
    }

    public BusRetryPolicy RetryPolicy { get; }

    /// <summary>Where the pumps report receive failures; each dispatched delivery counts as a successful receive.</summary>
    public BusReceiveHealth Receiving { get; init; } = new();

    /// <summary>Handles one delivery; never throws for anything the handler does.</summary>
    public async Task<BusSettlement> DispatchAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        Receiving.Received(delivery.Channel);

        // A message delivered more often than allowed never finished an attempt (the process died mid-way each time):
        // running it again would likely kill the process again, so it is parked unread.
        if (delivery.DeliveryCount > RetryPolicy.MaxDeliveryCount)
        {
            return Log(message, delivery, BusSettlement.DeadLetter(
                BusDeadLetterReasons.MaxDeliveriesExceeded,
                $"Delivered {delivery.DeliveryCount} times (limit {RetryPolicy.MaxDeliveryCount}) without any attempt finishing."));
        }

        if (delivery.CheckClaimedTenant(message) == TenantClaimStatus.Mismatch)
        {
            return Log(message, delivery, BusSettlement.DeadLetter(
                BusDeadLetterReasons.TenantMismatch,
                $"The message claims tenant '{message.ClaimedTenant}' but arrived on {delivery.Channel.Name} of tenant '{delivery.Tenant.Value}'."));
        }

        using var activity = BusTracing.StartProcessing(message, delivery);
        BusHandlingResult result;
        try
        {
            result = await handler.HandleAsync(message, delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (BusDeadLetterException ex)
        {
            result = BusHandlingResult.DeadLetter(ex.Reason, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the message back at once; the next process takes it from here.
            return Log(message, delivery, BusSettlement.Retry(TimeSpan.Zero, "shutdown", "The consumer stopped while handling the message."));
        }
#pragma warning disable CA1031 // Any handler failure must become a retry or dead letter, never escape and stop the pump.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogHandlerFailed(logger, ex, message.MessageId, message.Kind, delivery.Channel.Name, delivery.DeliveryCount);
            result = BusHandlingResult.RetryLater(BusDeadLetterReasons.HandlerFailed, $"{ex.GetType().Name}: {ex.Message}");
        }

        var settlement = Settle(result, delivery);
        activity?.SetTag("cloudrispacs.outcome", settlement.Outcome.ToString());
        if (settlement.Outcome != BusOutcome.Complete)
        {
            activity?.SetStatus(ActivityStatusCode.Error, settlement.Reason);
        }

        return Log(message, delivery, settlement);
    }

    /// <summary>Applies the retry policy to a handler's decision.</summary>
    public BusSettlement Settle(BusHandlingResult result, BusDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(delivery);
        switch (result.Outcome)
        {
            case BusOutcome.Complete:
                return BusSettlement.Complete;
            case BusOutcome.DeadLetter:
                return BusSettlement.DeadLetter(result.Reason ?? BusDeadLetterReasons.HandlerRejected, result.Description);
            default:
                if (delivery.DeliveryCount >= RetryPolicy.MaxDeliveryCount)
                {
                    return BusSettlement.DeadLetter(
                        BusDeadLetterReasons.MaxDeliveriesExceeded,
                        $"Gave up after {delivery.DeliveryCount} deliveries; last failure: {result.Reason}: {result.Description}");
                }

                var delay = result.RetryAfter ?? RetryPolicy.DelayAfter(delivery.DeliveryCount);
                return BusSettlement.Retry(delay, result.Reason ?? BusDeadLetterReasons.HandlerFailed, result.Description);
        }
    }

    private BusSettlement Log(BusMessage message, BusDelivery delivery, BusSettlement settlement)
    {
        switch (settlement.Outcome)
        {
            case BusOutcome.Complete:
                LogCompleted(logger, message.MessageId, message.Kind, delivery.Channel.Name, delivery.DeliveryCount, message.CorrelationId);
                break;
            case BusOutcome.Retry:
                LogRetry(logger, message.MessageId, message.Kind, delivery.Channel.Name, delivery.DeliveryCount,
                    settlement.RetryDelay, settlement.Reason, settlement.Description);
                break;
            default:
                LogDeadLetter(logger, message.MessageId, message.Kind, delivery.Channel.Name, delivery.DeliveryCount,
                    settlement.Reason, settlement.Description);
                break;
        }

        return settlement;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Bus message {MessageId} ({Kind}) on {Channel} completed at delivery {DeliveryCount}; correlation {CorrelationId}")]
    private static partial void LogCompleted(ILogger logger, string messageId, string kind, string channel, int deliveryCount, string? correlationId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Bus message {MessageId} ({Kind}) on {Channel} will be retried in {Delay} after delivery {DeliveryCount}: {Reason}: {Description}")]
    private static partial void LogRetry(ILogger logger, string messageId, string kind, string channel, int deliveryCount,
        TimeSpan delay, string? reason, string? description);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error,
        Message = "Bus message {MessageId} ({Kind}) on {Channel} is dead-lettered after delivery {DeliveryCount}: {Reason}: {Description}")]
    private static partial void LogDeadLetter(ILogger logger, string messageId, string kind, string channel, int deliveryCount,
        string? reason, string? description);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Handler failed for bus message {MessageId} ({Kind}) on {Channel}, delivery {DeliveryCount}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string messageId, string kind, string channel, int deliveryCount);
}
