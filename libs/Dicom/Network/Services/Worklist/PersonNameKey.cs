namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// One person name matching key, compared component group by component group (PS3.4 C.2.2.2.1, PS3.5 6.2.1): a
/// name is "alphabetic=ideographic=phonetic", and each group of the key that says something must match the same group of
/// the candidate, literally or with wild cards. A group left empty or "*" matches anything, so an alphabetic-only key
/// ("YAMADA^TAROU", "*TAROU") matches "Yamada^Tarou=山田^太郎=やまだ^たろう" and "=山田^太郎" finds it by its ideographic
/// group alone. Trailing empty components carry nothing: "DOE^JANE^^^" is "DOE^JANE".
/// </summary>
internal sealed class PersonNameKey
{
    private readonly (string Text, bool HasWildcards)?[] groups;

    public PersonNameKey(string value)
    {
        groups = [.. Groups(value).Select(group => group is "" or "*" ? ((string, bool)?)null : (group, WildcardMatcher.HasWildcards(group)))];
    }

    public bool Matches(string candidate, bool ignoreCase)
    {
        var present = Groups(candidate);
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] is not var (wanted, hasWildcards))
            {
                continue;
            }

            if (!WildcardMatcher.Matches(wanted, hasWildcards, i < present.Length ? present[i] : string.Empty, ignoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] Groups(string name) => [.. name.Split('=').Take(3).Select(group => group.Trim().TrimEnd('^', ' '))];
}
