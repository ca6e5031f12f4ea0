namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// Spellings of the supported character sets that are not HL7 table 0211 values but that RIS and HIS systems send in
/// MSH-18 anyway (IANA and platform names: <c>UTF-8</c>, <c>ISO-8859-1</c>, <c>LATIN1</c>, <c>US-ASCII</c> ...). Each
/// maps to the table value it means. Only names that mean exactly one of the supported charsets are here: a Windows
/// code page such as <c>windows-1252</c> differs from 8859/1 in 0x80-0x9F and stays unknown.
/// </summary>
internal static class Hl7CharsetAliases
{
    // Keyed by the name without separators, upper case: "iso_8859-1", "ISO 8859/1" and "ISO8859-1" are one alias.
    private static readonly Dictionary<string, string> StandardNames = Build();

    /// <summary>The table 0211 value an alias stands for; null when the name is no known alias.</summary>
    public static string? StandardNameOf(ReadOnlySpan<char> name)
    {
        Span<char> key = stackalloc char[Math.Min(name.Length, 32)];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (length == key.Length)
                {
                    return null;
                }

                key[length++] = char.ToUpperInvariant(c);
            }
        }

        return StandardNames.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key[..length], out var standard) ? standard : null;
    }

    private static Dictionary<string, string> Build()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["UTF8"] = "UNICODE UTF-8",
            ["UNICODEUTF8"] = "UNICODE UTF-8",
            ["USASCII"] = "ASCII",
            ["ANSIX341968"] = "ASCII",
            ["ISO646US"] = "ASCII",
        };
        foreach (var part in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 15 })
        {
            names[$"8859{part}"] = $"8859/{part}";
            names[$"ISO8859{part}"] = $"8859/{part}";
        }

        // Latin-n numbers the Latin alphabets, not the 8859 parts: Latin-5 is 8859/9 and Latin-9 is 8859/15.
        foreach (var (latin, part) in new[] { (1, 1), (2, 2), (3, 3), (4, 4), (5, 9), (9, 15) })
        {
            names[$"LATIN{latin}"] = $"8859/{part}";
            names[$"ISOLATIN{latin}"] = $"8859/{part}";
        }

        return names;
    }
}
