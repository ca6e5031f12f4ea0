using System.Globalization;
using Azure;
using Azure.Messaging.ServiceBus;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Azure.ServiceBus;

/// <summary>
/// Consumes a Service Bus session queue with a <see cref="ServiceBusSessionProcessor"/>: one message at a time per
/// session (patient), several sessions in parallel. The <see cref="BusDispatcher"/> decides; this class only executes:
/// complete; retry = wait the backoff (capped by <see cref="ServiceBusBusOptions.MaxInProcessRetryDelay"/>, holding the
/// session so the patient's later messages wait too) then abandon; dead-letter with reason and description, then tell
/// the <see cref="IBusDeadLetterObserver"/>. Set the queue's MaxDeliveryCount above the retry policy's, so the policy
/// dead-letters first and records its reason.
/// </summary>
public sealed partial class ServiceBusBusPump : IBusPump
{
    public const int MaxDescriptionLength = 4096;

    private readonly ServiceBusClient client;
    private readonly BusClaimCheck claims;
    private readonly IBusDeadLetterObserver deadLetters;
    private readonly ServiceBusBusOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    public ServiceBusBusPump(
        ServiceBusClient client,
        BusClaimCheck claims,
        IBusDeadLetterObserver deadLetters,
        ServiceBusBusOptions options,
        ILogger<ServiceBusBusPump>? logger = null,
        TimeProvider? timeProvider = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.logger = logger ?? NullLogger<ServiceBusBusPump>.Instance;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task RunChannelAsync(BusChannel channel, BusDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(dispatcher);
        var processor = client.CreateSessionProcessor(channel.Name, new ServiceBusSessionProcessorOptions
        {
            AutoCompleteMessages = false,
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            MaxConcurrentSessions = options.MaxConcurrentSessions,
            MaxConcurrentCallsPerSession = 1,
            SessionIdleTimeout = options.SessionIdleTimeout,
            MaxAutoLockRenewalDuration = options.MaxAutoLockRenewalDuration,
        });
        await using (processor.ConfigureAwait(false))
        {
            processor.ProcessMessageAsync += args => HandleAsync(channel, dispatcher, args);
            processor.ProcessErrorAsync += args =>
            {
                LogProcessorError(logger, args.Exception, channel.Name, args.ErrorSource.ToString());
                if (IsReceiveFailure(args))
                {
                    dispatcher.Receiving.Failed(channel, BusReceiveHealth.Describe(args.Exception));
                }

                return Task.CompletedTask;
            };
            await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await processor.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A failure to get messages at all that the processor's own retries will not cure: the queue does not exist (a wrong
    /// name), or this identity may not receive from it (no Data Receiver role). The processor retries these for ever
    /// without throwing, so they reach the status only from here. Transient faults are an outage, which the forwarder and
    /// heartbeat report already; settlement errors concern one message.
    /// </summary>
    private static bool IsReceiveFailure(ProcessErrorEventArgs args) =>
        args.ErrorSource is ServiceBusErrorSource.AcceptSession or ServiceBusErrorSource.Receive
        && args.Exception is not (ServiceBusException { IsTransient: true } or OperationCanceledException);

    /// <summary>Handles one delivered message: map, fetch a claim-checked body, dispatch, settle.</summary>
    internal async Task HandleAsync(BusChannel channel, BusDispatcher dispatcher, ProcessSessionMessageEventArgs args)
    {
        var received = args.Message;
        var delivery = new BusDelivery(channel, received.DeliveryCount, received.SequenceNumber.ToString(CultureInfo.InvariantCulture),
            received.EnqueuedTime == default ? null : received.EnqueuedTime);
        if (!ServiceBusEnvelopeMapper.TryFromReceived(received, out var envelope, out var problem))
        {
            await DeadLetterAsync(args, delivery, received.MessageId ?? delivery.TransportMessageId, null,
                BusSettlement.DeadLetter(BusDeadLetterReasons.MalformedEnvelope, problem)).ConfigureAwait(false);
            return;
        }

        BusSettlement settlement;
        try
        {
            var message = await claims.ResolveAsync(channel, envelope!, args.CancellationToken).ConfigureAwait(false);
            settlement = await dispatcher.DispatchAsync(message, delivery, args.CancellationToken).ConfigureAwait(false);
        }
        catch (BusClaimCheckException ex)
        {
            settlement = BusSettlement.DeadLetter(BusDeadLetterReasons.ClaimCheckFailed, ex.Message);
        }
        catch (RequestFailedException ex)
        {
            settlement = dispatcher.Settle(BusHandlingResult.RetryLater(BusDeadLetterReasons.ClaimCheckFailed, ex.Message), delivery);
        }

        switch (settlement.Outcome)
        {
            case BusOutcome.Complete:
                await args.CompleteMessageAsync(received, CancellationToken.None).ConfigureAwait(false);
                if (envelope!.BodyClaim is { } claim)
                {
                    await DeleteClaimAsync(channel, claim).ConfigureAwait(false);
                }

                break;
            case BusOutcome.Retry:
                await WaitBeforeAbandonAsync(settlement.RetryDelay, args.CancellationToken).ConfigureAwait(false);
                await args.AbandonMessageAsync(received, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                break;
            default:
                await DeadLetterAsync(args, delivery, envelope!.Message.MessageId, envelope.Message.Kind, settlement).ConfigureAwait(false);
                break;
        }
    }

    private async Task WaitBeforeAbandonAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var wait = delay < options.MaxInProcessRetryDelay ? delay : options.MaxInProcessRetryDelay;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: abandon at once so the next consumer gets the message.
        }
    }

    private async Task DeadLetterAsync(ProcessSessionMessageEventArgs args, BusDelivery delivery, string messageId, string? kind,
        BusSettlement settlement)
    {
        var reason = settlement.Reason ?? BusDeadLetterReasons.HandlerRejected;
        var description = settlement.Description is { Length: > MaxDescriptionLength } text ? text[..MaxDescriptionLength] : settlement.Description;
        await args.DeadLetterMessageAsync(args.Message, reason, description, CancellationToken.None).ConfigureAwait(false);
        var deadLetter = new BusDeadLetter(delivery.Channel, messageId, kind, reason, description, delivery.DeliveryCount,
            timeProvider.GetUtcNow(), $"{delivery.Channel.Name}/$deadletterqueue");
        try
        {
            await deadLetters.OnDeadLetteredAsync(deadLetter, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The message is safely dead-lettered; an observer failure is logged, not allowed to undo that.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogObserverFailed(logger, ex, messageId, delivery.Channel.Name);
        }
    }

    private async Task DeleteClaimAsync(BusChannel channel, BusBodyClaim claim)
    {
        try
        {
            await claims.DeleteAsync(channel, claim, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            LogClaimDeleteFailed(logger, ex, claim.BlobName, channel.Name);
        }
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Service Bus processor error on {Channel} ({Source})")]
    private static partial void LogProcessorError(ILogger logger, Exception exception, string channel, string source);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Error, Message = "The dead-letter observer failed for message {MessageId} on {Channel}")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string messageId, string channel);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Deleting claim-check blob {BlobName} of {Channel} failed")]
    private static partial void LogClaimDeleteFailed(ILogger logger, Exception exception, string blobName, string channel);
}
