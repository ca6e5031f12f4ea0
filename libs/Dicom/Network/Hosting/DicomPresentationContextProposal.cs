namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// A presentation context to propose: a SOP class, the transfer syntaxes acceptable for it in order of preference, and
/// the roles this side asks for (by default SCU only; storage commitment reports on a new association need SCP only).
/// </summary>
public sealed record DicomPresentationContextProposal(string AbstractSyntax, IReadOnlyList<DicomTransferSyntax> TransferSyntaxes)
{
    public DicomPresentationContextProposal(string abstractSyntax, params DicomTransferSyntax[] transferSyntaxes)
        : this(abstractSyntax, (IReadOnlyList<DicomTransferSyntax>)(transferSyntaxes.Length == 0 ? DefaultSyntaxes : transferSyntaxes))
    {
    }

    /// <summary>Explicit then implicit VR little endian: what every peer accepts.</summary>
    public static IReadOnlyList<DicomTransferSyntax> DefaultSyntaxes { get; } = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    public bool ScuRole { get; init; } = true;

    public bool ScpRole { get; init; }

    /// <summary>Whether a role selection sub-item is needed (the roles differ from the default, SCU only).</summary>
    public bool HasRoleSelection => !ScuRole || ScpRole;
}
