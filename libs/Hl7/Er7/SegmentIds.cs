namespace CloudRisPacs.Hl7.Er7;

/// <summary>Segment id checks and interning, so parsing does not allocate a string per common segment id.</summary>
internal static class SegmentIds
{
    private static readonly Dictionary<int, string> Common = new[]
    {
        "MSH", "EVN", "PID", "PD1", "PV1", "PV2", "MRG", "ORC", "OBR", "OBX", "NTE", "ERR", "MSA", "ZDS", "IPC", "TQ1",
        "NK1", "AL1", "DG1", "IN1", "GT1", "ROL", "SFT", "CTD", "SPM", "TXA", "PR1", "ACC", "UB1", "UB2", "ZPD",
    }.ToDictionary(id => Key(id), id => id);

    public static bool IsValid(ReadOnlySpan<char> id) =>
        id.Length == 3 && IsIdChar(id[0]) && IsIdChar(id[1]) && IsIdChar(id[2]) && char.IsAsciiLetterUpper(id[0]);

    public static string Intern(ReadOnlySpan<char> id)
    {
        return Common.TryGetValue(Key(id), out var common) ? common : id.ToString();
    }

    // Ids are three ASCII characters, so they pack into one int.
    private static int Key(ReadOnlySpan<char> id) => (id[0] << 16) | (id[1] << 8) | id[2];

    private static bool IsIdChar(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);
}
