namespace CloudRisPacs.Core.Messaging;

/// <summary>Receiving from <paramref name="Channel"/> has failed since <paramref name="Since"/>; the latest reason.</summary>
public sealed record BusReceiveFailure(BusChannel Channel, DateTimeOffset Since, string Reason);
