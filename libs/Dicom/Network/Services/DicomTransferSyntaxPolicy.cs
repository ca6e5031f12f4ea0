namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// Which transfer syntaxes a service accepts and which one it picks from those proposed: either this side's order of
/// preference, or the requestor's (a storage SCP stores data sets as received, so it takes the sender's first choice).
/// </summary>
public sealed class DicomTransferSyntaxPolicy
{
    private readonly HashSet<string> accepted;

    public DicomTransferSyntaxPolicy(IEnumerable<DicomTransferSyntax> accepted, bool preferRequestorOrder)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        Accepted = accepted.ToArray();
        this.accepted = Accepted.Select(s => s.Uid.Value).ToHashSet(StringComparer.Ordinal);
        PreferRequestorOrder = preferRequestorOrder;
    }

    /// <summary>For data sets this side reads: explicit VR little endian first, then implicit, deflated and big endian.</summary>
    public static DicomTransferSyntaxPolicy Uncompressed { get; } = new(
        [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian],
        preferRequestorOrder: false);

    /// <summary>For storage: every registered transfer syntax, uncompressed and compressed, in the sender's order.</summary>
    public static DicomTransferSyntaxPolicy AnyAsProposed { get; } = new(DicomTransferSyntax.Registered, preferRequestorOrder: true);

    /// <summary>The accepted syntaxes, in this side's order of preference.</summary>
    public IReadOnlyList<DicomTransferSyntax> Accepted { get; }

    public bool PreferRequestorOrder { get; }

    /// <summary>The syntax to accept from those proposed, or null when none is acceptable.</summary>
    public string? Choose(IEnumerable<string> proposed)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var offered = proposed.ToArray();
        if (PreferRequestorOrder)
        {
            return offered.FirstOrDefault(accepted.Contains);
        }

        return Accepted.Select(s => s.Uid.Value).FirstOrDefault(offered.Contains);
    }
}
