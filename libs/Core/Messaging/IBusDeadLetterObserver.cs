namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Told about every message the bus parks, after it is safely in the dead-letter/poison queue. The cloud turns these
/// into visible exceptions; the default only logs. An observer failure is logged and never un-parks the message.
/// </summary>
public interface IBusDeadLetterObserver
{
    Task OnDeadLetteredAsync(BusDeadLetter deadLetter, CancellationToken cancellationToken);
}
