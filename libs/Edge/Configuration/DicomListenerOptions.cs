namespace CloudRisPacs.Edge.Configuration;

/// <summary>The DICOM service (section <c>EdgeAgent:Dicom</c>): worklist, storage, MPPS, storage commitment.</summary>
public sealed class DicomListenerOptions
{
    /// <summary>The agent's own AE title (called AE title the modalities use).</summary>
    public string AeTitle { get; set; } = "CLOUDRISPACS";

    public string ListenAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 11112;

    /// <summary>The modalities allowed to associate; their AE titles are the allowed calling AE titles.</summary>
    public IList<DicomPeerOptions> Modalities { get; } = new List<DicomPeerOptions>();

    /// <summary>Accept any calling AE title (for a first setup only; logged as a warning).</summary>
    public bool AllowAnyCallingAeTitle { get; set; }

    public int MaxAssociations { get; set; } = 16;

    /// <summary>An association idle this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
