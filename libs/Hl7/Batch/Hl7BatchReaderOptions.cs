namespace CloudRisPacs.Hl7.Batch;

/// <summary>Limits for <see cref="Hl7BatchReader"/>: a batch comes from a socket, so everything in it is bounded.</summary>
public sealed class Hl7BatchReaderOptions
{
    /// <summary>The most messages one batch file may hold. Default 10,000.</summary>
    public int MaxMessages { get; set; } = 10_000;

    /// <summary>The most batches one file may hold. Default 1,000.</summary>
    public int MaxBatches { get; set; } = 1_000;
}
