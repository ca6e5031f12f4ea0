using System.Globalization;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Results;

/// <summary>
/// Writes the HL7 v2.5.1 messages the cloud sends to a RIS: ORU^R01 results (ORC/OBR linked to the order by placer
/// and filler order numbers and accession, ZDS with the study UID, one OBX per report line, labelled with the SR's concept name code) and the ORM^O01
/// "examination complete" status (ORC-1 SC, ORC-5 CM). MSH-18 is UNICODE UTF-8 when the text needs it.
/// </summary>
public static class ResultMessageBuilder
{
    /// <summary>"General description text", the HL7 v2 chapter 7 name of a report's body, as a local (L) code.</summary>
    public const string LocalTextCode = "GDT";

    public const string LocalCodingSystem = "L";

    public static Hl7Message BuildReport(TenantPolicy policy, PipelineOptions options, PatientRecord patient, OrderRecord order, string studyUid,
        IReadOnlyList<ReportLine> lines, string author, string status, string controlId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var message = Header(policy, options, "ORU", "R01", "ORU_R01", controlId, at);
        AddPatient(message, patient);
        AddOrder(message, order, "RE", "CM");
        var obr = AddObr(message, policy, order, at);
        obr.Segment.SetField(22, Timestamp(policy, at));
        obr.Segment.SetField(25, status);
        obr.Segment.SetSubcomponent(32, 1, 2, author.Split('^')[0]);
        if (author.Split('^') is { Length: > 1 } parts)
        {
            obr.Segment.SetSubcomponent(32, 1, 3, parts[1]);
        }

        new ZdsSegment(message.AddSegment("ZDS")).SetStudyInstanceUid(studyUid);
        var index = 0;
        var subIds = new Dictionary<(string, string), int>();
        foreach (var line in lines)
        {
            var obx = message.AddSegment("OBX");
            obx.SetField(1, (++index).ToString(CultureInfo.InvariantCulture));
            obx.SetField(2, "TX");
            var concept = ObservationCode(line);
            obx.SetComponent(3, 1, concept.Value);
            obx.SetComponent(3, 2, concept.Meaning);
            obx.SetComponent(3, 3, concept.Scheme);

            // OBX-4 tells apart the OBX segments of one OBR that share an OBX-3 (v2.5.1 7.4.2.4).
            var key = (concept.Value, concept.Scheme);
            subIds[key] = subIds.GetValueOrDefault(key) + 1;
            obx.SetField(4, subIds[key].ToString(CultureInfo.InvariantCulture));
            obx.SetField(5, line.Text);
            obx.SetField(11, status);
            obx.SetField(14, Timestamp(policy, at));
        }

        SetCharset(message);
        return message;
    }

    public static Hl7Message BuildCompletion(TenantPolicy policy, PipelineOptions options, PatientRecord patient, OrderRecord order, string studyUid,
        string controlId, DateTimeOffset at) =>
        BuildOrderStatus(policy, options, patient, order, studyUid, "CM", controlId, at);

    /// <summary>ORM^O01 ORC-1 SC with <paramref name="orderStatus"/> in ORC-5: IP (the exam started), DC (discontinued), CM (complete).</summary>
    public static Hl7Message BuildOrderStatus(TenantPolicy policy, PipelineOptions options, PatientRecord patient, OrderRecord order, string studyUid,
        string orderStatus, string controlId, DateTimeOffset at)
    {
        var message = Header(policy, options, "ORM", "O01", "ORM_O01", controlId, at);
        AddPatient(message, patient);
        AddOrder(message, order, "SC", orderStatus);
        AddObr(message, policy, order, at).Segment.SetField(25, "I");
        new ZdsSegment(message.AddSegment("ZDS")).SetStudyInstanceUid(studyUid);
        SetCharset(message);
        return message;
    }

    /// <summary>
    /// OBX-3: the SR content item's concept name code as it is (DCM, LN, SCT ...); a line without one (a submitted text
    /// report, an SR item without a coded concept name) gets the local code <see cref="LocalTextCode"/> with its heading
    /// as text.
    /// </summary>
    private static DicomCode ObservationCode(ReportLine line) =>
        line.Concept ?? new DicomCode(LocalTextCode, LocalCodingSystem, line.Heading ?? "Report Text");

    private static Hl7Message Header(TenantPolicy policy, PipelineOptions options, string code, string trigger, string structure, string controlId,
        DateTimeOffset at)
    {
        var message = Hl7Message.Create();
        var msh = new MshSegment(message.Header)
        {
            SendingApplication = new Hl7HierarchicDesignator(options.SendingApplication),
            SendingFacility = new Hl7HierarchicDesignator(options.SendingFacility),
            ReceivingApplication = new Hl7HierarchicDesignator(policy.RisApplication),
            ReceivingFacility = new Hl7HierarchicDesignator(policy.RisFacility),
            DateTimeOfMessage = Hl7DateTime.FromDateTimeOffset(policy.Clock.ToLocal(at)),
            MessageType = new Hl7MessageType(code, trigger, structure),
            MessageControlId = controlId,
            ProcessingId = "P",
            VersionId = "2.5.1",
        };
        msh.Segment.SetField(15, "AL");
        msh.Segment.SetField(16, "NE");
        return message;
    }

    private static void AddPatient(Hl7Message message, PatientRecord patient)
    {
        var pid = message.AddSegment("PID");
        pid.SetField(1, "1");
        pid.SetComponent(3, 1, patient.Identity.Id);
        if (patient.Identity.Issuer.Length > 0)
        {
            pid.SetComponent(3, 4, patient.Identity.Issuer);
        }

        // The stored name is DICOM PN (family^given^middle^prefix^suffix); XPN has the suffix before the prefix.
        var name = patient.Demographics.Name.Split('^');
        int[] xpn = [1, 2, 3, 5, 4];
        for (var i = 0; i < Math.Min(name.Length, xpn.Length); i++)
        {
            pid.SetComponent(5, xpn[i], name[i]);
        }

        pid.SetField(7, patient.Demographics.BirthDate);
        pid.SetField(8, patient.Demographics.Sex);
    }

    private static void AddOrder(Hl7Message message, OrderRecord order, string control, string status)
    {
        var orc = new OrcSegment(message.AddSegment("ORC"));
        orc.OrderControl = control;
        orc.PlacerOrderNumber = Placer(order);
        orc.FillerOrderNumber = Filler(order);
        orc.OrderStatus = status;
    }

    private static ObrSegment AddObr(Hl7Message message, TenantPolicy policy, OrderRecord order, DateTimeOffset at)
    {
        var obr = message.AddSegment("OBR");
        var view = new ObrSegment(obr)
        {
            SetId = "1",
            PlacerOrderNumber = Placer(order),
            FillerOrderNumber = Filler(order),

            // The RIS's own code as its order carried it; orders stored before it was kept send the requested procedure.
            UniversalServiceId = order.UniversalServiceId
                ?? new Hl7CodedElement(order.RequestedProcedureId ?? order.AccessionNumber, order.Description ?? "Imaging procedure"),
        };
        obr.SetField(7, Timestamp(policy, order.FirstImageAt ?? at));
        obr.SetField(18, order.AccessionNumber);
        obr.SetField(19, order.RequestedProcedureId);
        obr.SetField(24, order.Modality);
        return view;
    }

    // ORC-2/3 and OBR-2/3 with the namespace the RIS gave them; else the number alone (orders stored before).
    private static Hl7EntityIdentifier? Placer(OrderRecord order) =>
        order.PlacerOrder ?? (order.PlacerOrderNumber is { } placer ? new Hl7EntityIdentifier(placer) : null);

    private static Hl7EntityIdentifier Filler(OrderRecord order) =>
        order.FillerOrder ?? new Hl7EntityIdentifier(order.FillerOrderNumber ?? order.AccessionNumber);

    // In the clinic's time with the offset of that instant, like MSH-7: a RIS that ignores the offset still shows the
    // clinic's wall clock.
    private static string Timestamp(TenantPolicy policy, DateTimeOffset at) => Hl7DateTime.FromDateTimeOffset(policy.Clock.ToLocal(at)).ToString();

    private static void SetCharset(Hl7Message message)
    {
        if (!message.ToEr7().All(char.IsAscii))
        {
            new MshSegment(message.Header).CharacterSet = "UNICODE UTF-8";
        }
    }
}
