namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// A deserialized envelope: the message, and when its body was claim-checked, the claim (then
/// <see cref="BusMessage.Body"/> is empty until <see cref="BusClaimCheck.ResolveAsync"/> fetches it).
/// </summary>
public sealed record BusEnvelope(BusMessage Message, BusBodyClaim? BodyClaim);
