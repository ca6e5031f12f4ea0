using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Core.Exceptions;

/// <summary>
/// Turns every parked (dead-lettered) bus message into an exception of the channel's tenant, with the reason and
/// where the message lies, so nothing is dropped silently (a tenant mismatch among them).
/// </summary>
public sealed class DeadLetterExceptionObserver(ExceptionStore exceptions) : IBusDeadLetterObserver
{
    public Task OnDeadLetteredAsync(BusDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        return exceptions.RaiseAsync(deadLetter.Channel.Tenant, new ExceptionRecord
        {
            Id = ExceptionStore.IdFor(ExceptionKinds.DeadLetter, deadLetter.MessageId),
            Kind = ExceptionKinds.DeadLetter,
            Reason = $"{deadLetter.Reason}: {deadLetter.Description} ({deadLetter.Kind ?? "unknown kind"} on {deadLetter.Channel.Name}, " +
                     $"{deadLetter.DeliveryCount} deliveries; parked in {deadLetter.Location}).",
            MessageId = deadLetter.MessageId,
            RawMessage = $"Parked in {deadLetter.Location}",
        }, cancellationToken);
    }
}
