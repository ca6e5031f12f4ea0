using System.Globalization;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// Realistic RIS messages as a typical radiology information system sends them (HL7 v2.3.1 ORM^O01 and ADT with the IHE
/// RAD-4 field usage: OBR-18 accession, OBR-19 requested procedure id, OBR-20 step id, OBR-24 modality, ZDS-1 study
/// UID; v2.5.1 OMI^O23 with IPC). Built segment by segment so every field sits where the standard puts it.
/// </summary>
public static class RisMessages
{
    public sealed record Patient(string Id, string Family, string Given, string BirthDate = "19700101", string Sex = "M", string Authority = "HOSP");

    public sealed record Order(
        string Accession,
        string RequestedProcedureId = "RP1",
        string StepId = "SPS1",
        string Modality = "CT",
        string Code = "CTCHEST",
        string Description = "CT Chest w/o contrast",
        string? StudyUid = null,
        string Placer = "",
        string Start = "20240315090000");

    public static Patient Max { get; } = new("PAT1001", "MUSTERMANN", "MAX", "19700101", "M");

    public static Patient Erika { get; } = new("PAT1002", "MUSTERMANN", "ERIKA", "19750505", "F");

    public static string Orm(Patient patient, string control, string status, DateTime messageTime, params Order[] orders) =>
        OrderMessage("ORM", "O01", "2.3.1", patient, control, status, messageTime, omi: false, orders);

    public static string Omi(Patient patient, string control, string status, DateTime messageTime, params Order[] orders) =>
        OrderMessage("OMI", "O23", "2.5.1", patient, control, status, messageTime, omi: true, orders);

    public static string Adt(string trigger, Patient patient, DateTime messageTime, DateTime? eventTime = null)
    {
        var message = Header("ADT", trigger, "2.3.1", messageTime);
        var evn = message.AddSegment("EVN");
        evn.SetField(1, trigger);
        evn.SetField(2, Stamp(eventTime ?? messageTime));
        evn.SetField(6, Stamp(eventTime ?? messageTime));
        AddPid(message, patient);
        var pv1 = message.AddSegment("PV1");
        pv1.SetField(1, "1");
        pv1.SetField(2, "O");
        return message.ToEr7();
    }

    /// <summary>A40, or A34/A18/A47 with the same PID (the identity that stays) and MRG-1 (the one that goes).</summary>
    public static string Merge(Patient survivor, Patient prior, DateTime messageTime, string trigger = "A40")
    {
        var message = Header("ADT", trigger, "2.3.1", messageTime);
        var evn = message.AddSegment("EVN");
        evn.SetField(1, trigger);
        evn.SetField(2, Stamp(messageTime));
        AddPid(message, survivor);
        var mrg = message.AddSegment("MRG");
        mrg.SetComponent(1, 1, prior.Id);
        mrg.SetComponent(1, 4, prior.Authority);
        mrg.SetComponent(1, 5, "MR");
        return message.ToEr7();
    }

    public static string Stamp(DateTime time) => time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static string OrderMessage(string code, string trigger, string version, Patient patient, string control, string status, DateTime messageTime,
        bool omi, Order[] orders)
    {
        var message = Header(code, trigger, version, messageTime);
        AddPid(message, patient);
        var pv1 = message.AddSegment("PV1");
        pv1.SetField(1, "1");
        pv1.SetField(2, "O");
        pv1.SetComponent(3, 1, "RAD");
        pv1.SetComponent(8, 1, "D1234");
        pv1.SetComponent(8, 2, "REFERRER");
        pv1.SetComponent(8, 3, "RITA");
        var number = 0;
        foreach (var order in orders)
        {
            number++;
            var placer = order.Placer.Length > 0 ? order.Placer : "PLC" + order.Accession;
            var orc = message.AddSegment("ORC");
            orc.SetField(1, control);
            orc.SetComponent(2, 1, placer);
            orc.SetComponent(2, 2, "RIS");
            orc.SetComponent(3, 1, "FIL" + order.Accession);
            orc.SetComponent(3, 2, "RIS");
            orc.SetField(5, status);
            orc.SetComponent(7, 4, order.Start);
            orc.SetComponent(7, 6, "R");
            orc.SetField(9, Stamp(messageTime));
            orc.SetComponent(12, 1, "D1234");
            orc.SetComponent(12, 2, "REFERRER");
            orc.SetComponent(12, 3, "RITA");
            var obr = message.AddSegment("OBR");
            obr.SetField(1, number.ToString(CultureInfo.InvariantCulture));
            obr.SetComponent(2, 1, placer);
            obr.SetComponent(3, 1, "FIL" + order.Accession);
            obr.SetComponent(4, 1, order.Code);
            obr.SetComponent(4, 2, order.Description);
            obr.SetComponent(4, 3, "L");
            obr.SetComponent(16, 1, "D1234");
            obr.SetComponent(16, 2, "REFERRER");
            if (!omi)
            {
                obr.SetField(18, order.Accession);
                obr.SetField(19, order.RequestedProcedureId);
                obr.SetField(20, order.StepId);
                obr.SetField(24, order.Modality);
            }

            obr.SetComponent(27, 4, order.Start);
            obr.SetComponent(27, 6, "R");
            obr.SetComponent(44, 1, order.Code);
            obr.SetComponent(44, 2, order.Description);
            obr.SetComponent(44, 3, "L");
            if (omi)
            {
                var ipc = message.AddSegment("IPC");
                ipc.SetField(1, order.Accession);
                ipc.SetField(2, order.RequestedProcedureId);
                ipc.SetField(3, order.StudyUid ?? "1.2.276.0.7230010.3.1.2.1." + order.Accession.Length.ToString(CultureInfo.InvariantCulture));
                ipc.SetField(4, order.StepId);
                ipc.SetComponent(5, 1, order.Modality);
                ipc.SetComponent(6, 1, order.Code);
                ipc.SetComponent(6, 2, order.Description);
                ipc.SetComponent(6, 3, "L");
                ipc.SetField(7, "CT01");
                ipc.SetField(9, "CT_SCANNER_1");
            }
            else if (order.StudyUid is not null)
            {
                var zds = message.AddSegment("ZDS");
                zds.SetComponent(1, 1, order.StudyUid);
                zds.SetComponent(1, 2, "RIS");
                zds.SetComponent(1, 3, "Application");
                zds.SetComponent(1, 4, "DICOM");
            }
        }

        return message.ToEr7();
    }

    private static Hl7Message Header(string code, string trigger, string version, DateTime time)
    {
        var message = Hl7Message.Create();
        var msh = message.Header;
        msh.SetField(3, "RIS");
        msh.SetField(4, "GENERAL HOSPITAL");
        msh.SetField(5, "CLOUDRISPACS");
        msh.SetField(6, "CLOUD");
        msh.SetField(7, Stamp(time));
        msh.SetComponent(9, 1, code);
        msh.SetComponent(9, 2, trigger);
        msh.SetField(10, "MSG" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant());
        msh.SetField(11, "P");
        msh.SetField(12, version);
        if (version == "2.5.1")
        {
            msh.SetComponent(9, 3, $"{code}_{trigger}");
        }

        return message;
    }

    private static void AddPid(Hl7Message message, Patient patient)
    {
        var pid = message.AddSegment("PID");
        pid.SetField(1, "1");
        pid.SetComponent(3, 1, patient.Id);
        pid.SetComponent(3, 4, patient.Authority);
        pid.SetComponent(3, 5, "MR");
        pid.SetComponent(5, 1, patient.Family);
        pid.SetComponent(5, 2, patient.Given);
        pid.SetField(7, patient.BirthDate);
        pid.SetField(8, patient.Sex);
        pid.SetComponent(11, 1, "HAUPTSTR 1");
        pid.SetComponent(11, 3, "BERLIN");
        pid.SetComponent(11, 5, "10115");
    }
}
