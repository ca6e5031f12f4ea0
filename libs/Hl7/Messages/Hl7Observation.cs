using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>An OBX with the NTE segments that follow it.</summary>
public sealed class Hl7Observation(ObxSegment obx)
{
    internal List<NteSegment> NoteList { get; } = [];

    public ObxSegment Obx { get; } = obx;

    public IReadOnlyList<NteSegment> Notes => NoteList;
}
