using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>Where a <see cref="DicomClient"/> connects and how it identifies itself.</summary>
public sealed class DicomClientOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 104;

    public string CallingAeTitle { get; set; } = "CLOUDRISPACS";

    public string CalledAeTitle { get; set; } = "ANY-SCP";

    /// <summary>The maximum P-DATA-TF PDU length announced to the peer (what it may send us).</summary>
    public int MaxPduLength { get; set; } = 64 * 1024;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The ARTIM timer, and how long the peer has to answer the association request.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No PDU in either direction for this long aborts the association (also bounds waiting for a response).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A PDU that stops arriving half-way, or a write the peer does not take, for this long aborts the association.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a release may take before the association is aborted instead.</summary>
    public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Operations kept in flight on one association (<see cref="DicomClient.StoreFilesAsync"/>); above 1 an asynchronous
    /// operations window is proposed (PS3.7 D.3.3.3) and the peer's answer caps it. Default 1.
    /// </summary>
    public int MaxAsyncOperations { get; set; } = 1;

    public DicomClientTlsOptions? Tls { get; set; }

    /// <summary>User identity negotiation (PS3.7 D.3.3.7), when the peer asks for one.</summary>
    public UserIdentityRequest? UserIdentity { get; set; }

    internal void Check()
    {
        DicomAeTitle.Normalize(CallingAeTitle, nameof(CallingAeTitle));
        DicomAeTitle.Normalize(CalledAeTitle, nameof(CalledAeTitle));
        ArgumentException.ThrowIfNullOrWhiteSpace(Host, nameof(Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPduLength, 4096, nameof(MaxPduLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAsyncOperations, 1, nameof(MaxAsyncOperations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxAsyncOperations, ushort.MaxValue, nameof(MaxAsyncOperations));
    }
}
