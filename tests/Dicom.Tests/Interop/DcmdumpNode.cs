namespace CloudRisPacs.Dicom.Tests.Interop;

/// <summary>One line of dcmdump output: tag, VR, printed value, value length and multiplicity, and nested lines.</summary>
public sealed record DcmdumpNode(DicomTag Tag, string VR, string Value, long Length, int Multiplicity, string Line)
{
    public List<DcmdumpNode> Children { get; } = [];
}
