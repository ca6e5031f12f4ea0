using System.Globalization;
using System.Text;

namespace CloudRisPacs.Hl7.Benchmarks;

/// <summary>The benchmark inputs: a realistic 2 KB ORM^O01 with four orders and a 20 KB ORU^R01 report.</summary>
public static class BenchmarkMessages
{
    public static string Orm { get; } = BuildOrm();

    public static string Oru { get; } = BuildOru();

    private static string BuildOrm()
    {
        var text = new StringBuilder();
        text.Append("MSH|^~\\&|RIS|CLINIC^1.2.3.4^ISO|PACS|CLOUD|20240320071500+0100||ORM^O01^ORM_O01|ORM-1001|P|2.3.1|||AL|NE||8859/1\r");
        text.Append("PID|1||55501^^^CLINIC^MR~987654321^^^NHS^NH~A998877^^^CLINIC&1.2.3.4.5&ISO^PI||Doe^Jane^Quinn^^Mrs~Smith^Jane^^^^^M||19801231|F|||12 Elm Street^Apt 4^Springfield^IL^62701^US^H||^PRN^PH^^1^217^5550101~^NET^Internet^jane.doe@example.org|^WPN^PH^^1^217^5550199|en^English^ISO639|M||ACCT55501^^^CLINIC^AN\r");
        text.Append("PV1|1|O|XRAY^Room 2^^CLINIC||||1234^Welby^Marcus^^^Dr~5678^Kildare^James^^^Dr|9012^Casey^Ben|||RAD||||||||V55501^^^CLINIC^VN\r");
        for (var i = 1; i <= 4; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"ORC|NW|PLC-{n}^RIS|FIL-{n}^PACS|GRP-1^RIS|SC||^^^2024032109{n}000^^R||20240320071500|TECH1^Tech^One||1234^Welby^Marcus^^^Dr|XRAY\r");
            text.Append(CultureInfo.InvariantCulture, $"OBR|{n}|PLC-{n}^RIS|FIL-{n}^PACS|7102{n}^CHEST {n} VIEWS^CPT4|R||20240320071500|||||||||1234^Welby^Marcus^^^Dr||ACC-{n}|RP-{n}|SPS-{n}||||CR|||^^^2024032109{n}000^^R||||Cough \\T\\ fever^^L\r");
            text.Append(CultureInfo.InvariantCulture, $"NTE|1|P|Patient is claustrophobic, order {n}.\r");
            text.Append(CultureInfo.InvariantCulture, $"ZDS|1.2.840.113619.2.55.3.100{n}^100^Application^DICOM\r");
        }

        return text.ToString();
    }

    private static string BuildOru()
    {
        var text = new StringBuilder();
        text.Append("MSH|^~\\&|CLOUDRIS|RADIOLOGY|RIS|CLINIC|20240322150000+0100||ORU^R01^ORU_R01|ORU-5|P|2.5.1|||AL|NE||UNICODE UTF-8\r");
        text.Append("PID|1||55501^^^CLINIC^MR~987654321^^^NHS^NH||Doe^Jane^Quinn||19801231|F|||12 Elm Street^^Springfield^IL^62701^US\r");
        text.Append("ORC|RE|PLC-1^RIS|FIL-1^PACS||CM\r");
        text.Append("OBR|1|PLC-1^RIS|FIL-1^PACS|71020^CHEST 2 VIEWS^CPT4|||20240321090000|||||||||1234^Welby^Marcus||ACC-1||||20240322150000||CR|F|||||||RAD1&Reader&Rita\r");
        var line = 1;
        while (text.Length < 20_000)
        {
            var n = line.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"OBX|{n}|TX|71020&GDT^Findings^LN|{n}|Line {n}: the lungs are clear \\T\\ well expanded; no effusion, no pneumothorax. Heart size normal.||||||F|||20240322150000+0100\r");
            line++;
        }

        text.Append("ZDS|1.2.840.113619.2.55.3.1001^100^Application^DICOM\r");
        return text.ToString();
    }
}
