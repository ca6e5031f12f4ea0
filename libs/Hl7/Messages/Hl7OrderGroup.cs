using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>
/// One order of an ORM, OMI or ORU: its ORC (optional in ORU), its OBR, the notes after them, the observations,
/// the IHE ZDS and OMI's IPC segments, and any other segments inside the group (TQ1, Z-segments ...).
/// </summary>
public sealed class Hl7OrderGroup
{
    // Lists are made on first use: most orders have few of these, and parsing speed is allocation-bound.
    private List<NteSegment>? notes;
    private List<Hl7Observation>? observations;
    private List<IpcSegment>? imagingControls;
    private List<Hl7Segment>? others;

    internal List<NteSegment> NoteList => notes ??= [];

    internal List<Hl7Observation> ObservationList => observations ??= [];

    internal List<IpcSegment> ImagingControlList => imagingControls ??= [];

    internal List<Hl7Segment> OtherList => others ??= [];

    public OrcSegment? Orc { get; internal set; }

    public ObrSegment? Obr { get; internal set; }

    public ZdsSegment? Zds { get; internal set; }

    public IReadOnlyList<NteSegment> Notes => (IReadOnlyList<NteSegment>?)notes ?? [];

    public IReadOnlyList<Hl7Observation> Observations => (IReadOnlyList<Hl7Observation>?)observations ?? [];

    /// <summary>IPC segments (OMI^O23).</summary>
    public IReadOnlyList<IpcSegment> ImagingControls => (IReadOnlyList<IpcSegment>?)imagingControls ?? [];

    /// <summary>Segments in the group that have no named place (TQ1, DG1, Z-segments other than ZDS ...).</summary>
    public IReadOnlyList<Hl7Segment> OtherSegments => (IReadOnlyList<Hl7Segment>?)others ?? [];
}
