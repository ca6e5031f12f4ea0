using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Azure.StorageQueues;

/// <summary>
/// Consumes a Storage Queue channel (local mode). Each received message stays invisible while its handler runs (its
/// visibility is extended every half timeout, <see cref="StorageQueueVisibilityLease"/>); then
/// the <see cref="BusDispatcher"/>'s settlement is executed: complete deletes it (and its claim blob), retry makes it
/// visible again after the backoff delay (rounded up to whole seconds, the queue's resolution), dead-letter first
/// copies it with the reason into <c>poison-&lt;queue&gt;</c>, then deletes it, then tells the
/// <see cref="IBusDeadLetterObserver"/>. Nothing is dropped: a crash between copy and delete leaves a duplicate, not a loss.
/// </summary>
/// <remarks>
/// Ordering: Storage Queues are not FIFO and retries reorder messages, so consumers must not rely on order; cloud
/// handlers apply updates by version so a late, older message never overwrites newer state.
/// </remarks>
public sealed partial class StorageQueueBusPump : IBusPump
{
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7);

    private readonly QueueServiceClient service;
    private readonly BusClaimCheck claims;
    private readonly IBusDeadLetterObserver deadLetters;
    private readonly StorageRoundTrips roundTrips;
    private readonly StorageQueueBusOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    public StorageQueueBusPump(
        QueueServiceClient service,
        BusClaimCheck claims,
        IBusDeadLetterObserver deadLetters,
        StorageRoundTrips roundTrips,
        StorageQueueBusOptions options,
        ILogger<StorageQueueBusPump>? logger = null,
        TimeProvider? timeProvider = null)
    {
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        this.roundTrips = roundTrips ?? throw new ArgumentNullException(nameof(roundTrips));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        AzureConfigurationException.ThrowIfAny("the Storage Queue bus", options.ValidateTuning());
        this.logger = logger ?? NullLogger<StorageQueueBusPump>.Instance;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task RunChannelAsync(BusChannel channel, BusDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(dispatcher);
        var queue = service.GetQueueClient(channel.Name);
        var poison = service.GetQueueClient(StorageQueueBusOptions.PoisonQueueName(channel.Name));
        if (options.CreateQueuesIfMissing)
        {
            roundTrips.Record(StorageService.Queue, "create-queue");
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            roundTrips.Record(StorageService.Queue, "create-queue");
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var context = new ChannelContext(channel, queue, poison, dispatcher);
        using var slots = new SemaphoreSlim(options.MaxConcurrentMessages, options.MaxConcurrentMessages);
        var inFlight = new List<Task>();
        var idle = options.MinPollInterval;
        try
        {
            while (true)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                var free = 1;
                while (free < options.ReceiveBatchSize && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                QueueMessage[] received;
                try
                {
                    roundTrips.Record(StorageService.Queue, "receive");
                    received = (await queue.ReceiveMessagesAsync(free, options.VisibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;
                }
                catch
                {
                    slots.Release(free);
                    throw;
                }

                dispatcher.Receiving.Received(channel);

                if (received.Length < free)
                {
                    slots.Release(free - received.Length);
                }

                inFlight.RemoveAll(task => task.IsCompleted);
                if (received.Length == 0)
                {
                    await Task.Delay(idle, timeProvider, cancellationToken).ConfigureAwait(false);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollInterval.Ticks));
                    continue;
                }

                idle = options.MinPollInterval;
                foreach (var message in received)
                {
                    inFlight.Add(ProcessThenReleaseAsync(context, message, slots, cancellationToken));
                }
            }
        }
        finally
        {
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
    }

    private async Task ProcessThenReleaseAsync(ChannelContext context, QueueMessage message, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessAsync(context, message, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One message's failure must not stop the channel; the message reappears after its visibility timeout.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSettlementFailed(logger, ex, message.MessageId, context.Channel.Name);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ProcessAsync(ChannelContext context, QueueMessage queued, CancellationToken cancellationToken)
    {
        var delivery = new BusDelivery(context.Channel, (int)Math.Min(queued.DequeueCount, int.MaxValue), queued.MessageId, queued.InsertedOn);
        var text = queued.Body.ToString();
        BusEnvelope envelope;
        try
        {
            envelope = BusEnvelopeSerializer.Deserialize(text, options.MaxMessageBytes * 2);
        }
        catch (BusEnvelopeFormatException ex)
        {
            var settlement = BusSettlement.DeadLetter(BusDeadLetterReasons.MalformedEnvelope, ex.Message);
            await ParkAsync(context, queued, queued.PopReceipt, delivery, text, envelope: null, settlement).ConfigureAwait(false);
            return;
        }

        using var lease = StorageQueueVisibilityLease.Start(context.Queue, queued.MessageId, queued.PopReceipt, options.VisibilityTimeout, roundTrips,
            timeProvider, logger);
        BusSettlement decision;
        try
        {
            decision = await ResolveAndDispatchAsync(context, delivery, envelope, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await lease.StopAsync().ConfigureAwait(false);
        }

        await SettleAsync(context, queued, lease.PopReceipt, delivery, text, envelope, decision).ConfigureAwait(false);
    }

    private async Task<BusSettlement> ResolveAndDispatchAsync(ChannelContext context, BusDelivery delivery, BusEnvelope envelope,
        CancellationToken cancellationToken)
    {
        BusMessage message;
        try
        {
            message = await claims.ResolveAsync(context.Channel, envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (BusClaimCheckException ex)
        {
            return BusSettlement.DeadLetter(BusDeadLetterReasons.ClaimCheckFailed, ex.Message);
        }
        catch (RequestFailedException ex)
        {
            // Blob storage hiccup: the claim is probably fine, so this is a retry like any transient failure.
            return context.Dispatcher.Settle(BusHandlingResult.RetryLater(BusDeadLetterReasons.ClaimCheckFailed, ex.Message), delivery);
        }

        return await context.Dispatcher.DispatchAsync(message, delivery, cancellationToken).ConfigureAwait(false);
    }

    private async Task SettleAsync(ChannelContext context, QueueMessage queued, string popReceipt, BusDelivery delivery, string text,
        BusEnvelope envelope, BusSettlement settlement)
    {
        switch (settlement.Outcome)
        {
            case BusOutcome.Complete:
                roundTrips.Record(StorageService.Queue, "delete");
                await context.Queue.DeleteMessageAsync(queued.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);
                if (envelope.BodyClaim is { } claim)
                {
                    await DeleteClaimAsync(context.Channel, claim).ConfigureAwait(false);
                }

                break;
            case BusOutcome.Retry:
                roundTrips.Record(StorageService.Queue, "update");
                await context.Queue.UpdateMessageAsync(queued.MessageId, popReceipt, (string?)null,
                    VisibilityDelay(settlement.RetryDelay), CancellationToken.None).ConfigureAwait(false);
                break;
            default:
                await ParkAsync(context, queued, popReceipt, delivery, text, envelope, settlement).ConfigureAwait(false);
                break;
        }
    }

    private async Task ParkAsync(ChannelContext context, QueueMessage queued, string popReceipt, BusDelivery delivery, string text,
        BusEnvelope? envelope, BusSettlement settlement)
    {
        var parkedAt = timeProvider.GetUtcNow();
        var record = new StorageQueuePoisonRecord
        {
            Reason = settlement.Reason ?? BusDeadLetterReasons.HandlerRejected,
            Description = settlement.Description,
            DeliveryCount = delivery.DeliveryCount,
            SourceQueue = context.Channel.Name,
            ParkedAt = parkedAt,
            TransportMessageId = queued.MessageId,
            InsertedOn = queued.InsertedOn,
            EnvelopeJson = envelope is null ? null : text,
            RawText = envelope is null ? text : null,
        };
        var serialized = record.Serialize();
        if (serialized.Length > options.MaxMessageBytes)
        {
            record = await ShrinkAsync(context.Channel, record, envelope, queued.MessageId).ConfigureAwait(false);
            serialized = record.Serialize();
        }

        roundTrips.Record(StorageService.Queue, "send");
        await context.Poison.SendMessageAsync(serialized, CancellationToken.None).ConfigureAwait(false);
        roundTrips.Record(StorageService.Queue, "delete");
        await context.Queue.DeleteMessageAsync(queued.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);

        var deadLetter = new BusDeadLetter(context.Channel, envelope?.Message.MessageId ?? queued.MessageId, envelope?.Message.Kind,
            record.Reason, record.Description, delivery.DeliveryCount, parkedAt, context.Poison.Name);
        try
        {
            await deadLetters.OnDeadLetteredAsync(deadLetter, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The message is safely parked; an observer failure is logged, not allowed to undo that.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogObserverFailed(logger, ex, deadLetter.MessageId, context.Channel.Name);
        }
    }

    /// <summary>Makes a poison record fit a queue message by moving the body (or raw text) into the claim-check container.</summary>
    private async Task<StorageQueuePoisonRecord> ShrinkAsync(BusChannel channel, StorageQueuePoisonRecord record, BusEnvelope? envelope,
        string transportMessageId)
    {
        if (envelope is { BodyClaim: null })
        {
            var claim = await claims.StoreAsync(channel, envelope.Message, CancellationToken.None).ConfigureAwait(false);
            return record with { EnvelopeJson = BusEnvelopeSerializer.SerializeToString(envelope.Message, claim) };
        }

        var raw = Encoding.UTF8.GetBytes(record.EnvelopeJson ?? record.RawText ?? string.Empty);
        var stored = await claims.StoreBytesAsync(channel, "poison-" + transportMessageId, raw, "text/plain", CancellationToken.None)
            .ConfigureAwait(false);
        return record with { EnvelopeJson = null, RawText = null, RawTextBlob = stored.BlobName };
    }

    private async Task DeleteClaimAsync(BusChannel channel, BusBodyClaim claim)
    {
        try
        {
            await claims.DeleteAsync(channel, claim, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            // The message is complete; a leftover claim blob only costs storage (a lifecycle rule removes old ones).
            LogClaimDeleteFailed(logger, ex, claim.BlobName, channel.Name);
        }
    }

    /// <summary>Queue visibility has one-second resolution: round up so a short delay never becomes "now".</summary>
    internal static TimeSpan VisibilityDelay(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var seconds = TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
        return seconds > MaxVisibilityDelay ? MaxVisibilityDelay : seconds;
    }

    private sealed record ChannelContext(BusChannel Channel, QueueClient Queue, QueueClient Poison, BusDispatcher Dispatcher);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning,
        Message = "Settling queue message {TransportMessageId} on {Channel} failed; it becomes visible again after its timeout")]
    private static partial void LogSettlementFailed(ILogger logger, Exception exception, string transportMessageId, string channel);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "The dead-letter observer failed for message {MessageId} on {Channel}")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string messageId, string channel);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Deleting claim-check blob {BlobName} of {Channel} failed")]
    private static partial void LogClaimDeleteFailed(ILogger logger, Exception exception, string blobName, string channel);
}
