namespace CloudRisPacs.Hl7.Er7;

/// <summary>Segment id checks and interning, so parsing does not allocate a string per common segment id.</summary>
internal static class SegmentIds
{
    private static readonly string[] Common =
    [
        "MSH", "EVN", "PID", "PD1", "PV1", "PV2", "MRG", "ORC", "OBR", "OBX", "NTE", "ERR", "MSA", "ZDS", "IPC", "TQ1",
        "NK1", "AL1", "DG1", "IN1", "GT1", "ROL", "SFT", "CTD", "SPM", "TXA", "PR1", "ACC", "UB1", "UB2", "ZPD",
    ];

    public static bool IsValid(ReadOnlySpan<char> id) =>
        id.Length == 3 && IsIdChar(id[0]) && IsIdChar(id[1]) && IsIdChar(id[2]) && char.IsAsciiLetterUpper(id[0]);

    public static string Intern(ReadOnlySpan<char> id)
    {
        foreach (var common in Common)
        {
            if (id.SequenceEqual(common))
            {
                return common;
            }
        }

        return id.ToString();
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);
}
