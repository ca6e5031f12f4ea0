using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Edge.Storage;

/// <summary>A message waiting in the outbox for the bus, in the order it was accepted.</summary>
public sealed record OutboxEntry(long Sequence, BusMessage Message, int Attempts, DateTimeOffset NextAttemptAt);
