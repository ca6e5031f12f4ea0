namespace CloudRisPacs.Edge.Storage;

/// <summary>Something the agent gave up on and surfaces for an operator: which queue, its id, why, and when.</summary>
public sealed record ParkedEntry(string Queue, string Id, string Kind, int Attempts, string? Reason, DateTimeOffset CreatedAt);
