using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>
/// One order of an ORM, OMI or ORU: its ORC (optional in ORU), its OBR, the notes after them, the observations,
/// the IHE ZDS and OMI's IPC segments, and any other segments inside the group (TQ1, Z-segments ...).
/// </summary>
public sealed class Hl7OrderGroup
{
    internal List<NteSegment> NoteList { get; } = [];

    internal List<Hl7Observation> ObservationList { get; } = [];

    internal List<IpcSegment> ImagingControlList { get; } = [];

    internal List<Hl7Segment> OtherList { get; } = [];

    public OrcSegment? Orc { get; internal set; }

    public ObrSegment? Obr { get; internal set; }

    public ZdsSegment? Zds { get; internal set; }

    public IReadOnlyList<NteSegment> Notes => NoteList;

    public IReadOnlyList<Hl7Observation> Observations => ObservationList;

    /// <summary>IPC segments (OMI^O23).</summary>
    public IReadOnlyList<IpcSegment> ImagingControls => ImagingControlList;

    /// <summary>Segments in the group that have no named place (TQ1, DG1, Z-segments other than ZDS ...).</summary>
    public IReadOnlyList<Hl7Segment> OtherSegments => OtherList;
}
