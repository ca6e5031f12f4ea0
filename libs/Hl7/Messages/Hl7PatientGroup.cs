using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>The patient part of an order or result message: PID, PD1, PV1 and the patient's notes.</summary>
public sealed class Hl7PatientGroup
{
    internal List<NteSegment> NoteList { get; } = [];

    public PidSegment? Pid { get; internal set; }

    public Pd1Segment? Pd1 { get; internal set; }

    public Pv1Segment? Pv1 { get; internal set; }

    public IReadOnlyList<NteSegment> Notes => NoteList;
}
