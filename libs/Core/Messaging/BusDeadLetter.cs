namespace CloudRisPacs.Core.Messaging;

/// <summary>A message the bus parked: where, which, why. Raised to <see cref="IBusDeadLetterObserver"/>.</summary>
/// <param name="Channel">The channel the message arrived on.</param>
/// <param name="MessageId">The envelope's MessageId, or the transport's id when the envelope could not be read.</param>
/// <param name="Kind">The envelope's kind, when it could be read.</param>
/// <param name="Reason">Short machine-readable reason (see <see cref="BusDeadLetterReasons"/>).</param>
/// <param name="Description">Human-readable detail.</param>
/// <param name="DeliveryCount">Deliveries before it was parked.</param>
/// <param name="ParkedAt">When it was parked.</param>
/// <param name="Location">Where it now lies, for example <c>poison-ingress-clinic</c> or the Service Bus dead-letter queue.</param>
public sealed record BusDeadLetter(
    BusChannel Channel,
    string MessageId,
    string? Kind,
    string Reason,
    string? Description,
    int DeliveryCount,
    DateTimeOffset ParkedAt,
    string Location);
