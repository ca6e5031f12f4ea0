using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>ORM^O01, general order (the v2.3/2.3.1 radiology order): patient, then one or more ORC/OBR orders.</summary>
public sealed class OrmO01Message : Hl7MessageView
{
    private readonly Lazy<OrderMessageStructure> structure;

    public OrmO01Message(Hl7Message message)
        : base(message, "ORM", "O01")
    {
        structure = new Lazy<OrderMessageStructure>(() => OrderMessageStructure.Read(Message));
    }

    public static OrmO01Message Parse(string text, Hl7ParseOptions? options = null) => new(Hl7Message.Parse(text, options));

    /// <summary>NTE segments before the patient (message-level notes).</summary>
    public IReadOnlyList<NteSegment> Notes => structure.Value.MessageNotes;

    public Hl7PatientGroup Patient => structure.Value.Patient;

    public PidSegment? Pid => Patient.Pid;

    public Pv1Segment? Pv1 => Patient.Pv1;

    /// <summary>Every ORC/OBR group, in order.</summary>
    public IReadOnlyList<Hl7OrderGroup> Orders => structure.Value.Orders;
}
