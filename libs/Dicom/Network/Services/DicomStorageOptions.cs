namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>What a storage SCP accepts.</summary>
public sealed class DicomStorageOptions
{
    /// <summary>The storage SOP classes served; default: every registered one (<see cref="StorageSopClasses.Registered"/>).</summary>
    public IEnumerable<string>? SopClassUids { get; init; }

    /// <summary>Also accept SOP classes that are not in the registry at all (private or newer than the dictionary) as storage.</summary>
    public bool AcceptUnknownSopClasses { get; init; }

    /// <summary>Default: every registered transfer syntax, the sender's first choice; data sets are stored as received.</summary>
    public DicomTransferSyntaxPolicy TransferSyntaxes { get; init; } = DicomTransferSyntaxPolicy.AnyAsProposed;
}
