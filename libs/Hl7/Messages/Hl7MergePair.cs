using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>One patient of an A40 merge: the surviving identity (PID) and the one merged into it (MRG).</summary>
public sealed record Hl7MergePair(PidSegment Pid, MrgSegment Mrg);
