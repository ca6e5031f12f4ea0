using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>ORU^R01, observation result (the radiology report): patient, then [ORC] OBR {OBX {NTE}} groups.</summary>
public sealed class OruR01Message : Hl7MessageView
{
    private readonly Lazy<OrderMessageStructure> structure;

    public OruR01Message(Hl7Message message)
        : base(message, "ORU", "R01")
    {
        structure = new Lazy<OrderMessageStructure>(() => OrderMessageStructure.Read(Message));
    }

    public static OruR01Message Parse(string text, Hl7ParseOptions? options = null) => new(Hl7Message.Parse(text, options));

    public Hl7PatientGroup Patient => structure.Value.Patient;

    public PidSegment? Pid => Patient.Pid;

    public Pv1Segment? Pv1 => Patient.Pv1;

    /// <summary>Every OBR group (with its ORC when present) and its observations, in order.</summary>
    public IReadOnlyList<Hl7OrderGroup> Results => structure.Value.Orders;
}
