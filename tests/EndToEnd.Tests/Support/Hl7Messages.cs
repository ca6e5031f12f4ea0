using System.Globalization;

namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>The RIS's messages of the scenario (HL7 v2.3.1, IHE field placement: accession OBR-18, modality OBR-24).</summary>
internal static class Hl7Messages
{
    private static string Now => DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>ADT^A04 (register) or ADT^A08 (update patient information).</summary>
    public static string Adt(string trigger, string controlId, string patientId, string name, string birthDate = "19700101") =>
        string.Join('\n',
            $"MSH|^~\\&|E2E_RIS|E2E_CLINIC|CLOUDRISPACS|CLOUD|{Now}||ADT^{trigger}|{controlId}|P|2.3.1",
            $"EVN|{trigger}|{Now}",
            $"PID|1||{patientId}^^^E2E^MR||{name}||{birthDate}|F",
            "PV1|1|O|RAD");

    /// <summary>ORM^O01 NW: a new CT order for <paramref name="accession"/>.</summary>
    public static string NewOrder(string controlId, string patientId, string name, string accession) =>
        string.Join('\n',
            $"MSH|^~\\&|E2E_RIS|E2E_CLINIC|CLOUDRISPACS|CLOUD|{Now}||ORM^O01|{controlId}|P|2.3.1",
            $"PID|1||{patientId}^^^E2E^MR||{name}||19700101|F",
            "PV1|1|O|RAD||||D1234^REFERRER^RITA",
            $"ORC|NW|PLC{accession}^RIS|FIL{accession}^RIS||SC||^^^{Now}^^R||{Now}",
            $"OBR|1|PLC{accession}^RIS|FIL{accession}^RIS|CTCHEST^CT Chest^L||||||||||||D1234^REFERRER||{accession}|RP1|SPS1||||CT");
}
