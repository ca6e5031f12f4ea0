using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Hl7.Er7;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Outbound;

/// <summary>
/// Bus handler for <c>hl7.outbound</c>: commits the message to the local outbound queue (idempotent by outbound id)
/// and completes. Delivery to the RIS happens later, in order, in <see cref="OutboundDeliveryService"/>.
/// </summary>
public sealed class OutboundHl7Intake(OutboundStore store, EdgeCounters counters, TimeProvider time, ILogger<OutboundHl7Intake> logger)
    : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outboundId = message.Properties.TryGetValue(Hl7MessageProperties.OutboundId, out var id) && id.Length > 0 ? id : message.MessageId;
        var header = Hl7HeaderScanner.Salvage(message.Body.Span);
        if (!header.HasHeader || header.ControlId.Length == 0)
        {
            return BusHandlingResult.DeadLetter(BusDeadLetterReasons.MalformedBody,
                $"Outbound message {outboundId} is not an HL7 message with MSH-10; it cannot be delivered or matched to an ACK.");
        }

        var item = new OutboundItem(outboundId, OutboundItem.ResultKind, header.ControlId, message.Body.ToArray(),
            message.CorrelationId, time.GetUtcNow());
        using var scope = EdgeLog.CorrelationScope(logger, message.CorrelationId ?? outboundId);
        if (await store.EnqueueAsync(item, cancellationToken).ConfigureAwait(false))
        {
            counters.Increment(EdgeCounters.OutboundReceived);
            EdgeLog.OutboundQueued(logger, outboundId, header.ControlId);
        }

        return BusHandlingResult.Complete;
    }
}
