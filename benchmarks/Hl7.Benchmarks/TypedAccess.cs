using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Benchmarks;

/// <summary>What an order or result consumer reads from a message; the same reads are timed for python-hl7.</summary>
public static class TypedAccess
{
    public static int ReadOrm(Hl7Message message)
    {
        var orm = new OrmO01Message(message);
        var pid = orm.Pid!;
        var work = pid.PatientIdentifiers[0].Id.Length + pid.PatientName!.FamilyName.Length + pid.DateOfBirth!.Value.LocalValue.Day;
        foreach (var order in orm.Orders)
        {
            work += order.Orc!.PlacerOrderNumber!.EntityId.Length;
            work += order.Obr!.UniversalServiceId!.Identifier.Length + order.Obr.PlacerField1.Length;
            work += order.Zds!.StudyInstanceUid.Length;
        }

        return work;
    }

    public static int ReadOru(Hl7Message message)
    {
        var oru = new OruR01Message(message);
        var work = oru.Pid!.PatientIdentifiers[0].Id.Length;
        foreach (var result in oru.Results)
        {
            work += result.Obr!.PlacerField1.Length;
            foreach (var observation in result.Observations)
            {
                work += observation.Obx.TextValue.Length + observation.Obx.ResultStatus.Length;
            }
        }

        return work;
    }

    /// <summary>Builds an ORU^R01 report with the typed views, as result generation does, and writes it.</summary>
    public static byte[] BuildAndWriteOru(IReadOnlyList<string> reportLines)
    {
        var message = Hl7Message.Create();
        _ = new MshSegment(message.Header)
        {
            SendingApplication = new Hl7HierarchicDesignator("CLOUDRIS"),
            ReceivingApplication = new Hl7HierarchicDesignator("RIS"),
            DateTimeOfMessage = Hl7DateTime.FromDateTimeOffset(new DateTimeOffset(2024, 3, 22, 15, 0, 0, TimeSpan.FromHours(1))),
            MessageType = new Hl7MessageType("ORU", "R01", "ORU_R01"),
            MessageControlId = "ORU-5",
            ProcessingId = "P",
            VersionId = "2.5.1",
            CharacterSet = "UNICODE UTF-8",
        };
        _ = new PidSegment(message.AddSegment("PID"))
        {
            SetId = "1",
            PatientIdentifiers = [new Hl7ExtendedId("55501", new Hl7HierarchicDesignator("CLINIC"), "MR")],
            PatientNames = [new Hl7PersonName("Doe", "Jane")],
        };
        _ = new ObrSegment(message.AddSegment("OBR"))
        {
            SetId = "1",
            UniversalServiceId = new Hl7CodedElement("71020", "CHEST 2 VIEWS", "CPT4"),
            PlacerField1 = "ACC-1",
            ResultStatus = "F",
        };
        for (var i = 0; i < reportLines.Count; i++)
        {
            var obx = new ObxSegment(message.AddSegment("OBX"))
            {
                SetId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ObservationIdentifier = new Hl7CodedElement("71020&GDT", "Findings", "LN"),
                ResultStatus = "F",
            };
            obx.SetTextValue("TX", reportLines[i]);
        }

        return message.ToBytes();
    }
}
