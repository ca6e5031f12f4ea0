namespace CloudRisPacs.Edge.Background;

/// <summary>A background service's pass that failed unexpectedly, as the status page shows it.</summary>
public sealed record PassFailure(string Service, string Reason, DateTimeOffset At, int FailedPasses);
