namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Handles one delivered message, independent of the transport: the Storage Queue pump, the Service Bus pump, an
/// Azure Functions trigger or a test call it the same way, through <see cref="BusDispatcher"/>.
/// </summary>
/// <remarks>
/// Return <see cref="BusHandlingResult.Complete"/> when done (including "already done": handlers are idempotent),
/// <see cref="BusHandlingResult.RetryLater"/> for a transient problem, <see cref="BusHandlingResult.DeadLetter"/>
/// for a message that can never succeed. Throwing <see cref="BusDeadLetterException"/> dead-letters; any other
/// exception means retry later, until the retry policy's delivery limit dead-letters the message.
/// </remarks>
public interface IBusMessageHandler
{
    Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken);
}
