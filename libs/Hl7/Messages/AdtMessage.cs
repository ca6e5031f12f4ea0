using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>
/// ADT^A01 (admit), A04 (register), A08 (update), A31 (update person), A40, A34 and A18 (merge patient) and A47 (change
/// patient identifier list): EVN, PID, PD1, PV1, and for the merge events the PID/MRG pairs.
/// </summary>
public sealed class AdtMessage : Hl7MessageView
{
    /// <summary>The ADT trigger events this view supports.</summary>
    public static IReadOnlyList<string> SupportedEvents { get; } = ["A01", "A04", "A08", "A31", "A40", "A34", "A18", "A47"];

    public AdtMessage(Hl7Message message)
        : base(message, "ADT", [.. SupportedEvents])
    {
    }

    public static AdtMessage Parse(string text, Hl7ParseOptions? options = null) => new(Hl7Message.Parse(text, options));

    public EvnSegment? Evn => Find("EVN", s => new EvnSegment(s));

    public PidSegment? Pid => Find("PID", s => new PidSegment(s));

    public Pd1Segment? Pd1 => Find("PD1", s => new Pd1Segment(s));

    public Pv1Segment? Pv1 => Find("PV1", s => new Pv1Segment(s));

    /// <summary>The first MRG (A40, A34, A18, A47).</summary>
    public MrgSegment? Mrg => Find("MRG", s => new MrgSegment(s));

    /// <summary>A40, A34, A18, A47: each PID with the MRG that follows it.</summary>
    public IReadOnlyList<Hl7MergePair> MergePairs
    {
        get
        {
            var pairs = new List<Hl7MergePair>();
            PidSegment? pid = null;
            foreach (var segment in Message.Segments)
            {
                if (segment.Id == "PID")
                {
                    pid = new PidSegment(segment);
                }
                else if (segment.Id == "MRG" && pid is not null)
                {
                    pairs.Add(new Hl7MergePair(pid, new MrgSegment(segment)));
                    pid = null;
                }
            }

            return pairs;
        }
    }
}
