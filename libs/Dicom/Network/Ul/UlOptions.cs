namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>The timers and limits of one association's upper layer.</summary>
internal sealed record UlOptions
{
    /// <summary>The ARTIM timer (PS3.8 section 9.1.5): waiting for A-ASSOCIATE-RQ, and for the transport to close after a reject, release or abort.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No PDU sent or received for this long aborts the association.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An incomplete PDU that makes no progress, or a write that cannot complete, for this long aborts the association.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The maximum P-DATA-TF length this side announces and accepts.</summary>
    public uint MaxReceivePduLength { get; init; } = 64 * 1024;
}
