namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// The values of a matching key, prepared once per query for the VR they are compared as: date and time ranges parsed,
/// person names split into their component groups, wild cards found. A candidate matches when any of its values matches any of these.
/// </summary>
internal sealed class KeyValues
{
    private readonly DicomVR vr;
    private readonly DateTimeRange[] ranges = [];
    private readonly (string Text, bool HasWildcards)[] texts = [];
    private readonly PersonNameKey[] names = [];
    private readonly bool ignoreCase;

    public KeyValues(DicomElement key, DicomDataset keys, DicomVR vr, bool personNameCaseInsensitive)
    {
        this.vr = vr;
        var values = Decode(key, keys, vr);
        if (IsDateOrTime(vr))
        {
            ranges = [.. values.Select(value => DateTimeRange.Parse(value, vr)).OfType<DateTimeRange>()];
            return;
        }

        if (vr == DicomVR.PN)
        {
            ignoreCase = personNameCaseInsensitive;
            names = [.. values.Select(value => new PersonNameKey(value))];
            return;
        }

        var wildcards = vr != DicomVR.UI;
        texts = [.. values.Select(text => (text, wildcards && WildcardMatcher.HasWildcards(text)))];
    }

    /// <summary>The values of an element: split on backslash for multi-valued VRs, trimmed as the VR says.</summary>
    public static IReadOnlyList<string> Decode(DicomElement element, DicomDataset owner, DicomVR vr) =>
        vr.IsMultiValued ? element.GetStrings(owner.CharacterSet) : [element.GetText(owner.CharacterSet).Trim()];

    public bool MatchesAny(IReadOnlyList<string> present)
    {
        if (IsDateOrTime(vr))
        {
            foreach (var value in present)
            {
                if (DateTimeRange.Instant(value, vr) is { } instant && ranges.Any(range => vr == DicomVR.TM ? range.ContainsTimeOfDay(instant) : range.Contains(instant)))
                {
                    return true;
                }
            }

            return false;
        }

        if (vr == DicomVR.PN)
        {
            return present.Any(value => names.Any(name => name.Matches(value, ignoreCase)));
        }

        foreach (var text in present)
        {
            foreach (var (wanted, hasWildcards) in texts)
            {
                if (WildcardMatcher.Matches(wanted, hasWildcards, text, ignoreCase: false))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsDateOrTime(DicomVR vr) => vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT;
}
