using System.Globalization;
using System.Text;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>Valid HL7 v2.5.1 messages for tests, each with its own MSH-10 and patient.</summary>
internal static class Hl7Samples
{
    /// <summary>An ADT^A08 for <paramref name="patientId"/>; <paramref name="sequence"/> makes the content unique.</summary>
    public static string Adt(string controlId, string patientId, int sequence, string ackTypes = "") =>
        $"MSH|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320071500||ADT^A08^ADT_A01|{controlId}|P|2.5.1{ackTypes}\r" +
        "EVN|A08|20240320071500\r" +
        $"PID|1||{patientId}^^^CLINIC^MR||Doe^Jane^{sequence.ToString(CultureInfo.InvariantCulture)}||19801231|F\r" +
        "PV1|1|O|XRAY^^^CLINIC\r";

    /// <summary>An enhanced-mode ADT: MSH-15 and MSH-16 as given.</summary>
    public static string EnhancedAdt(string controlId, string patientId, string accept = "AL", string application = "AL") =>
        Adt(controlId, patientId, 0, $"|||{accept}|{application}");

    /// <summary>An ORU^R01 result for the RIS (what the cloud sends outbound).</summary>
    public static string Oru(string controlId, string patientId) =>
        $"MSH|^~\\&|CLOUDRISPACS|CLOUD|RIS|CLINIC|20240321101500||ORU^R01^ORU_R01|{controlId}|P|2.5.1\r" +
        $"PID|1||{patientId}^^^CLINIC^MR||Doe^Jane||19801231|F\r" +
        "OBR|1|PLC-1|FIL-1|71020^CHEST 2 VIEWS^CPT4|||20240321090000|||||||||||ACC-1\r" +
        "OBX|1|TX|71020^CHEST^CPT4||No acute findings.||||||F\r";

    /// <summary><paramref name="count"/> ADTs spread over <paramref name="patients"/> patients (control ids <c>{prefix}-{n}</c>).</summary>
    public static IReadOnlyList<(string ControlId, string PatientId, string Text)> Batch(string prefix, int count, int patients, int start = 0) =>
        Enumerable.Range(start, count).Select(n =>
        {
            var control = $"{prefix}-{n.ToString("D5", CultureInfo.InvariantCulture)}";
            var patient = $"P{(n % patients).ToString("D3", CultureInfo.InvariantCulture)}";
            return (control, patient, Adt(control, patient, n));
        }).ToList();

    /// <summary>Writes MLLP-framed messages to a temporary file for <c>mllp_send</c>.</summary>
    public static string WriteMllpFile(IEnumerable<string> messages)
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-mllp-{Guid.NewGuid():N}.hl7");
        using var file = File.Create(path);
        foreach (var message in messages)
        {
            file.Write(MllpFrameWriter.Frame(Encoding.ASCII.GetBytes(message)));
        }

        return path;
    }
}
