namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>Limits of the DIMSE layer of one association.</summary>
internal sealed record DimseSessionOptions
{
    /// <summary>Command sets are small; one larger than this is a protocol error.</summary>
    public int MaxCommandLength { get; init; } = 64 * 1024;

    /// <summary>Data sets other than C-STORE's are buffered; one larger than this aborts the association.</summary>
    public int MaxBufferedDataSetLength { get; init; } = 64 << 20;

    /// <summary>The largest PDV this side sends when the peer announced no limit (0).</summary>
    public int MaxSendPduLength { get; init; } = 1 << 20;

    /// <summary>How long a release waits for requests still being handled before it is answered anyway.</summary>
    public TimeSpan ReleaseGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes buffered for a streamed C-STORE data set before reading from the network pauses.</summary>
    public int StreamPauseThreshold { get; init; } = 1 << 20;
}
