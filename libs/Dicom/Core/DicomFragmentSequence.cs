using System.Buffers.Binary;

namespace CloudRisPacs.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 section A.4): the Basic Offset Table (first item, possibly empty) and the
/// fragments, carried through unchanged (no image decoding). Immutable.
/// </summary>
public sealed class DicomFragmentSequence : DicomEntry
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> offsetTable, IEnumerable<ReadOnlyMemory<byte>> fragments)
        : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        OffsetTable = offsetTable;
        Fragments = fragments.ToArray();
    }

    /// <summary>The raw Basic Offset Table item value (little-endian 32-bit offsets), empty when absent.</summary>
    public ReadOnlyMemory<byte> OffsetTable { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Fragments { get; }

    /// <summary>The Basic Offset Table as numbers.</summary>
    public IReadOnlyList<uint> GetOffsets()
    {
        var span = OffsetTable.Span;
        var offsets = new uint[span.Length / 4];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(span[(i * 4)..]);
        }

        return offsets;
    }

    public override DicomEntry Clone() => new DicomFragmentSequence(Tag, VR, OffsetTable, Fragments);

    public override string ToString() => $"{base.ToString()} encapsulated, {Fragments.Count} fragments";
}
