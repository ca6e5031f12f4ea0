using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>An OBX with the NTE segments that follow it.</summary>
public sealed class Hl7Observation(ObxSegment obx)
{
    private List<NteSegment>? notes;

    internal List<NteSegment> NoteList => notes ??= [];

    public ObxSegment Obx { get; } = obx;

    public IReadOnlyList<NteSegment> Notes => (IReadOnlyList<NteSegment>?)notes ?? [];
}
