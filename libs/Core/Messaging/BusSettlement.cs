namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// What the pump must do with a delivered message: the handler's decision after the retry policy and the tenant and
/// delivery-count guards have been applied. Transports only execute it; they decide nothing themselves.
/// </summary>
/// <param name="Outcome">Complete, retry or dead-letter.</param>
/// <param name="RetryDelay">For <see cref="BusOutcome.Retry"/>: how long the message stays invisible.</param>
/// <param name="Reason">Short machine-readable reason for a retry or dead letter.</param>
/// <param name="Description">Human-readable detail.</param>
public sealed record BusSettlement(BusOutcome Outcome, TimeSpan RetryDelay, string? Reason, string? Description)
{
    public static BusSettlement Complete { get; } = new(BusOutcome.Complete, TimeSpan.Zero, null, null);

    public static BusSettlement Retry(TimeSpan delay, string reason, string? description) =>
        new(BusOutcome.Retry, delay, reason, description);

    public static BusSettlement DeadLetter(string reason, string? description) =>
        new(BusOutcome.DeadLetter, TimeSpan.Zero, reason, description);
}
