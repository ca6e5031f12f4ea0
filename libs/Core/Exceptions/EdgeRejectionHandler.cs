using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Core.Exceptions;

/// <summary>Handles <see cref="BusMessageKinds.Hl7Rejected"/>: a message the edge refused becomes a visible exception with its raw bytes.</summary>
public sealed class EdgeRejectionHandler(ExceptionStore exceptions) : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var reason = message.Properties.GetValueOrDefault(Hl7MessageProperties.RejectionReason)
            ?? message.Properties.GetValueOrDefault("reason")
            ?? "The edge agent refused the message without giving a reason.";
        var raw = Encoding.UTF8.GetString(message.Body.Span);
        await exceptions.RaiseAsync(delivery.Tenant, new ExceptionRecord
        {
            Id = ExceptionStore.IdFor(ExceptionKinds.EdgeRejectedMessage, message.MessageId),
            Kind = ExceptionKinds.EdgeRejectedMessage,
            Reason = $"Refused by the edge agent{(message.SourceSite is { } site ? $" at {site}" : string.Empty)}: {reason}",
            MessageId = message.MessageId,
            RawMessage = raw,
            RawLength = raw.Length,
        }, cancellationToken).ConfigureAwait(false);
        return BusHandlingResult.Complete;
    }
}
