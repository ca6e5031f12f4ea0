namespace CloudRisPacs.Edge.Storage;

/// <summary>What applying worklist changes did: items upserted, items removed, and changes ignored as older than the cache.</summary>
public sealed record WorklistApplyResult(int Upserted, int Removed, int Ignored);
