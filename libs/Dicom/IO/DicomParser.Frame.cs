namespace CloudRisPacs.Dicom.IO;

public sealed partial class DicomParser
{
    private enum FrameKind
    {
        Root,
        Sequence,
        Item,
        Fragments,
    }

    /// <summary>
    /// One level of nesting: where it ends (absolute offset, or -1 for undefined length), how its content is
    /// encoded (a UN sequence switches to implicit VR little endian), and what the VR rules of its elements depend on.
    /// </summary>
    private sealed class Frame
    {
        public FrameKind Kind { get; init; }

        public long End { get; init; } = -1;

        public bool IsExplicitVR { get; set; }

        public bool IsLittleEndian { get; init; }

        public DicomTag Tag { get; init; }

        public int? PixelRepresentation { get; set; }

        public int? BitsAllocated { get; set; }

        public int? WaveformBitsAllocated { get; set; }

        public int? LutEntries { get; set; }

        /// <summary>Private creators of this data set or item by (group &lt;&lt; 8 | block).</summary>
        public Dictionary<uint, string>? Creators { get; set; }

        public bool IsUndefinedLength => End < 0;
    }
}
