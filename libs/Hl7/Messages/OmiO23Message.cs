using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>OMI^O23, imaging order (v2.5+): patient, then ORC/[TQ1]/OBR/IPC groups.</summary>
public sealed class OmiO23Message : Hl7MessageView
{
    private readonly Lazy<OrderMessageStructure> structure;

    public OmiO23Message(Hl7Message message)
        : base(message, "OMI", "O23")
    {
        structure = new Lazy<OrderMessageStructure>(() => OrderMessageStructure.Read(Message));
    }

    public static OmiO23Message Parse(string text, Hl7ParseOptions? options = null) => new(Hl7Message.Parse(text, options));

    public IReadOnlyList<NteSegment> Notes => structure.Value.MessageNotes;

    public Hl7PatientGroup Patient => structure.Value.Patient;

    public PidSegment? Pid => Patient.Pid;

    public Pv1Segment? Pv1 => Patient.Pv1;

    /// <summary>Every ORC/OBR group with its IPC segments, in order.</summary>
    public IReadOnlyList<Hl7OrderGroup> Orders => structure.Value.Orders;
}
