using System.Globalization;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// Evaluates <see cref="Hl7FieldMap"/> locations against one ORC/OBR group of an order message: ORC, OBR, ZDS and
/// IPC (the step's own IPC when the group has several) come from the group, PID/PD1/PV1 from the patient group,
/// anything else (TQ1 ...) from the group's other segments or else the message.
/// </summary>
public sealed class Hl7FieldReader(Hl7Message message, Hl7PatientGroup patient, Hl7OrderGroup group, int ipcIndex = 0)
{
    public string? Text(IReadOnlyList<string> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        foreach (var text in locations)
        {
            if (!Hl7FieldLocation.TryParse(text, out var location) || Segment(location.Value.Segment) is not { } segment)
            {
                continue;
            }

            var field = segment.GetField(location.Value.Field);
            if (field.IsEmpty || field.IsNull)
            {
                continue;
            }

            var value = location.Value.Component is { } component ? field.GetComponent(component).Value : field.Value;
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    public Hl7CodedElement? Coded(IReadOnlyList<string> locations) => Composite(locations, Hl7CodedElement.Read, c => c.Identifier.Length > 0 || c.Text.Length > 0);

    public Hl7Provider? Provider(IReadOnlyList<string> locations) => Composite(locations, Hl7Provider.Read, p => p.FamilyName.Length > 0 || p.Id.Length > 0);

    public Hl7DateTime? DateTime(IReadOnlyList<string> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        foreach (var location in locations)
        {
            var text = Text([location]);
            if (text is not null && Hl7DateTime.TryParse(text, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private T? Composite<T>(IReadOnlyList<string> locations, Func<Hl7Composite, T> read, Func<T, bool> hasValue)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(locations);
        foreach (var text in locations)
        {
            if (!Hl7FieldLocation.TryParse(text, out var location) || Segment(location.Value.Segment) is not { } segment)
            {
                continue;
            }

            var field = segment.GetField(location.Value.Field);
            if (field.IsEmpty || field.IsNull)
            {
                continue;
            }

            var composite = field.GetRepetition(1).AsComposite();
            if (location.Value.Component is { } component)
            {
                composite = composite.Nested(component);
            }

            var value = read(composite);
            if (hasValue(value))
            {
                return value;
            }
        }

        return null;
    }

    private Hl7Segment? Segment(string id) => id switch
    {
        "ORC" => group.Orc?.Segment,
        "OBR" => group.Obr?.Segment,
        "ZDS" => group.Zds?.Segment,
        "IPC" => group.ImagingControls.Count > ipcIndex ? group.ImagingControls[ipcIndex].Segment : null,
        "PID" => patient.Pid?.Segment,
        "PD1" => patient.Pd1?.Segment,
        "PV1" => patient.Pv1?.Segment,
        "MSH" => message.Header,
        _ => group.OtherSegments.FirstOrDefault(s => s.Id == id) ?? message.FindSegment(id),
    };

    /// <summary>HL7 priority (table 0027) → DICOM Requested Procedure Priority.</summary>
    public static string? Priority(string? hl7) => hl7?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        "S" or "STAT" => "STAT",
        "A" or "T" or "ASAP" => "HIGH",
        "R" or "ROUTINE" => "ROUTINE",
        "P" or "C" => "MEDIUM",
        var other when other is "HIGH" or "MEDIUM" or "LOW" => other,
        _ => "ROUTINE",
    };

    public static string Date(Hl7DateTime value) => value.LocalValue.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Time(Hl7DateTime value) => value.LocalValue.ToString("HHmmss", CultureInfo.InvariantCulture);
}
