namespace CloudRisPacs.Edge.Configuration;

/// <summary>The worklist cache (section <c>EdgeAgent:Worklist</c>).</summary>
public sealed class WorklistSyncOptions
{
    /// <summary>How often the full worklist is pulled from the cloud's HTTP API, besides the pushed changes.</summary>
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Most bytes a full sync's response may hold, with or without a <c>Content-Length</c>; a larger one is a failed sync,
    /// not an agent that runs out of memory.
    /// </summary>
    public long MaxFullSyncBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Most items one C-FIND returns. A query matching more gets that many, then A700 (Refused: Out of Resources) with a
    /// comment asking for a narrower query (date, modality, station), and a warning in the log. Default 500.
    /// </summary>
    public int MaxResults { get; set; } = 500;
}
