namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>Wild card matching (PS3.4 C.2.2.2.4): "*" any run of characters, "?" exactly one; iterative, no backtracking blow-up.</summary>
internal static class WildcardMatcher
{
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Wild card matching when the pattern has wild cards (known beforehand), otherwise equality.</summary>
    public static bool Matches(string pattern, bool hasWildcards, string value, bool ignoreCase) =>
        hasWildcards ? IsMatch(pattern, value, ignoreCase) : string.Equals(pattern, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    public static bool IsMatch(string pattern, string value, bool ignoreCase)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
