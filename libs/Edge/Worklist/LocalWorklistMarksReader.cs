using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Edge.Worklist;

/// <summary>
/// Reads what an accepted HL7 message does to the local worklist at once (<see cref="LocalWorklistChange"/>): ORM^O01
/// and OMI^O23 groups whose ORC-1/ORC-5 the default order status table reads as cancel, discontinue or complete
/// withdraw their order; ADT A08 and A31 correct the patient's demographics. The edge has neither the tenant's field
/// map nor its status table, so an order is found by every accession location of the built-in mapping profiles and by
/// its placer order number, always within the patient PID-3 names; a tenant's own map or table may withdraw more (or
/// less) in the cloud, which then replaces the marks. Merges and new orders wait for the cloud.
/// </summary>
public static class LocalWorklistMarksReader
{
    private static readonly string[] AccessionLocations =
        [.. Hl7FieldMap.ProfileNames.SelectMany(profile => Hl7FieldMap.ForProfile(profile).AccessionNumber).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The change <paramref name="message"/> makes, or null when it makes none here. A value it cannot read makes none:
    /// the message is still stored and acknowledged, and the cloud applies it or lists why not.
    /// </summary>
    public static LocalWorklistChange? Read(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var type = new MshSegment(message.Header).MessageType;
            return (type?.MessageCode, type?.TriggerEvent) switch
            {
                ("ORM", "O01") => new OrmO01Message(message) is var orm ? Withdrawals(message, orm.Patient, orm.Orders) : null,
                ("OMI", "O23") => new OmiO23Message(message) is var omi ? Withdrawals(message, omi.Patient, omi.Orders) : null,
                ("ADT", "A08" or "A31") => new AdtMessage(message).Pid is { } pid && PatientIds(pid) is { Count: > 0 } ids
                    ? new LocalWorklistChange(ids, [], Hl7PatientReader.Demographics(pid))
                    : null,
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static LocalWorklistChange? Withdrawals(Hl7Message message, Hl7PatientGroup patient, IReadOnlyList<Hl7OrderGroup> groups)
    {
        if (patient.Pid is not { } pid || PatientIds(pid) is not { Count: > 0 } ids)
        {
            return null;
        }

        var withdrawn = new List<WithdrawnOrder>();
        foreach (var group in groups)
        {
            if (group.Orc is not { } orc
                || OrderStatusTable.Default.Find(orc.OrderControl, orc.OrderStatus)?.Action is not (StepAction.Cancel or StepAction.Discontinue or StepAction.Complete))
            {
                continue;
            }

            var reader = new Hl7FieldReader(message, patient, group);
            var accessions = AccessionLocations.Select(location => reader.Text([location])).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
            var placer = (orc.PlacerOrderNumber ?? group.Obr?.PlacerOrderNumber)?.EntityId.Trim() is { Length: > 0 } number ? number : null;
            if (accessions.Length > 0 || placer is not null)
            {
                withdrawn.Add(new WithdrawnOrder(accessions, placer, reader.Text(new Hl7FieldMap().RequestedProcedureId)));
            }
        }

        return withdrawn.Count == 0 ? null : new LocalWorklistChange(ids, withdrawn, null);
    }

    private static List<string> PatientIds(PidSegment pid) =>
        pid.PatientIdentifiers.Select(id => id.Id.Trim()).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
