using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>
/// Reads the patient and order groups of ORM^O01, OMI^O23 and ORU^R01 in one pass: an ORC starts an order; an OBR
/// starts one too unless the current order has no OBR yet; NTE belongs to the nearest OBX, order or patient before it.
/// </summary>
internal sealed class OrderMessageStructure
{
    private OrderMessageStructure()
    {
    }

    public List<NteSegment> MessageNotes { get; } = [];

    public Hl7PatientGroup Patient { get; } = new();

    public List<Hl7OrderGroup> Orders { get; } = [];

    public static OrderMessageStructure Read(Hl7Message message)
    {
        var structure = new OrderMessageStructure();
        Hl7OrderGroup? order = null;
        Hl7Observation? observation = null;
        var patientSeen = false;
        var segments = message.Segments;
        for (var index = 1; index < segments.Count; index++)
        {
            var segment = segments[index];
            switch (segment.Id)
            {
                case "PID" when order is null:
                    structure.Patient.Pid ??= new PidSegment(segment);
                    patientSeen = true;
                    break;
                case "PD1" when order is null:
                    structure.Patient.Pd1 ??= new Pd1Segment(segment);
                    break;
                case "PV1" when order is null:
                    structure.Patient.Pv1 ??= new Pv1Segment(segment);
                    break;
                case "ORC":
                    order = new Hl7OrderGroup { Orc = new OrcSegment(segment) };
                    structure.Orders.Add(order);
                    observation = null;
                    break;
                case "OBR":
                    if (order is null || order.Obr is not null)
                    {
                        order = new Hl7OrderGroup();
                        structure.Orders.Add(order);
                    }

                    order.Obr = new ObrSegment(segment);
                    observation = null;
                    break;
                case "OBX":
                    if (order is null)
                    {
                        order = new Hl7OrderGroup();
                        structure.Orders.Add(order);
                    }

                    observation = new Hl7Observation(new ObxSegment(segment));
                    order.ObservationList.Add(observation);
                    break;
                case "NTE":
                    var note = new NteSegment(segment);
                    if (observation is not null)
                    {
                        observation.NoteList.Add(note);
                    }
                    else if (order is not null)
                    {
                        order.NoteList.Add(note);
                    }
                    else if (patientSeen)
                    {
                        structure.Patient.NoteList.Add(note);
                    }
                    else
                    {
                        structure.MessageNotes.Add(note);
                    }

                    break;
                case "ZDS" when order is not null:
                    order.Zds ??= new ZdsSegment(segment);
                    break;
                case "IPC" when order is not null:
                    order.ImagingControlList.Add(new IpcSegment(segment));
                    break;
                default:
                    order?.OtherList.Add(segment);
                    break;
            }
        }

        return structure;
    }
}
