namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// C-FIND matching and return-key shaping (PS3.4 C.2.2.2 and K.2.2): single value, list of UID, universal, wild card
/// ("*", "?"), range (DA, TM, DT, open-ended too), combined date-time for the configured pairs, and sequence matching
/// item by item. The response holds exactly the requested keys: values from the candidate, empty when the candidate
/// lacks them, and for sequences only the matching items shaped the same way. Text is compared as decoded with each
/// side's Specific Character Set; the response is in the candidate's character set, or the query's when the query named
/// one and every value fits it.
/// </summary>
public sealed class DicomQueryMatcher
{
    private readonly DicomQueryMatchingOptions options;

    public DicomQueryMatcher(DicomQueryMatchingOptions? options = null)
    {
        this.options = options ?? new DicomQueryMatchingOptions();
    }

    /// <summary>The response identifier when <paramref name="candidate"/> matches <paramref name="identifier"/>, otherwise null.</summary>
    public DicomDataset? Match(DicomDataset identifier, DicomDataset candidate)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(candidate);
        var response = new DicomDataset();
        if (!MatchLevel(identifier, candidate, response))
        {
            return null;
        }

        if (candidate.GetElement(DicomTag.SpecificCharacterSet) is { Length: > 0 } characterSet)
        {
            response.Set(characterSet);
        }

        if (identifier.GetElement(DicomTag.SpecificCharacterSet) is { Length: > 0 } && !identifier.CharacterSet.Equals(response.CharacterSet))
        {
            try
            {
                response.ChangeCharacterSet(identifier.CharacterSet);
            }
            catch (ArgumentException)
            {
                // A value the query's character set cannot hold: the response stays in the candidate's, which it names.
            }
        }

        return response;
    }

    private bool MatchLevel(DicomDataset keys, DicomDataset candidate, DicomDataset response)
    {
        var combined = CombinedPairs(keys);
        foreach (var (date, time) in combined)
        {
            if (!MatchCombined(keys, date, time, candidate))
            {
                return false;
            }
        }

        foreach (var key in keys)
        {
            if (key.Tag.IsGroupLength || key.Tag == DicomTag.SpecificCharacterSet)
            {
                continue;
            }

            var matched = key switch
            {
                DicomSequence sequence => MatchSequence(sequence, candidate, response),
                DicomElement element => combined.Any(pair => pair.Date == key.Tag || pair.Time == key.Tag)
                    ? Copy(element, candidate, response)
                    : MatchElement(element, keys, candidate, response),
                _ => true,
            };
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private bool MatchSequence(DicomSequence key, DicomDataset candidate, DicomDataset response)
    {
        var found = candidate.GetEntry(key.Tag) as DicomSequence;
        var keyItem = key.Items.FirstOrDefault();
        if (keyItem is null || !keyItem.Any(e => !e.Tag.IsGroupLength))
        {
            // Universal (zero-length item): the whole sequence, or an empty one when the candidate has none.
            response.Set(found?.Clone() ?? new DicomSequence(key.Tag));
            return true;
        }

        var items = new List<DicomDataset>();
        foreach (var item in found?.Items ?? [])
        {
            var shaped = new DicomDataset();
            if (MatchLevel(keyItem, item, shaped))
            {
                items.Add(shaped);
            }
        }

        if (items.Count == 0 && HasMatchingKey(keyItem))
        {
            return false;
        }

        response.Set(new DicomSequence(key.Tag, items));
        return true;
    }

    /// <summary>Whether an item of keys restricts anything (a universal or lone "*" key only asks for a value to be returned).</summary>
    private static bool HasMatchingKey(DicomDataset keys) => keys.Any(entry => entry switch
    {
        DicomSequence sequence => sequence.Items.FirstOrDefault() is { } item && HasMatchingKey(item),
        DicomElement element => element.Length > 0 && !IsUniversalText(element, keys),
        _ => false,
    });

    private static bool IsUniversalText(DicomElement element, DicomDataset keys) =>
        element.ValueVR.IsText && element.GetText(keys.CharacterSet).Trim() is "" or "*";

    private bool MatchElement(DicomElement key, DicomDataset keys, DicomDataset candidate, DicomDataset response)
    {
        if (key.Length == 0 || IsUniversalText(key, keys))
        {
            return Copy(key, candidate, response);
        }

        // PS3.4 K.2.2.1.1.1: an unknown (absent or empty) value matches no matching key.
        if (candidate.GetEntry(key.Tag) is not DicomElement { Length: > 0 } value || !MatchValue(key, keys, value, candidate))
        {
            return false;
        }

        response.Set(value);
        return true;
    }

    private static bool Copy(DicomElement key, DicomDataset candidate, DicomDataset response)
    {
        switch (candidate.GetEntry(key.Tag))
        {
            case DicomElement element:
                response.Set(element);
                break;
            case DicomSequence sequence:
                response.Set(sequence.Clone());
                break;
            default:
                response.Set(new DicomElement(key.Tag, key.VR, ReadOnlyMemory<byte>.Empty));
                break;
        }

        return true;
    }

    private bool MatchValue(DicomElement key, DicomDataset keys, DicomElement value, DicomDataset candidate)
    {
        var vr = key.ValueVR == DicomVR.UN ? value.ValueVR : key.ValueVR;
        if (!vr.IsText || !value.ValueVR.IsText)
        {
            // Binary values: single value matching of the bytes.
            return key.Value.Span.SequenceEqual(value.Value.Span);
        }

        var wanted = Values(key, keys, vr);
        var present = Values(value, candidate, vr);
        if (vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT)
        {
            return wanted.Any(w => DateTimeRange.Parse(w, vr) is { } range
                && present.Any(p => DateTimeRange.Instant(p, vr) is { } instant && (vr == DicomVR.TM ? range.ContainsTimeOfDay(instant) : range.Contains(instant))));
        }

        var ignoreCase = vr == DicomVR.PN && options.PersonNameCaseInsensitive;
        var wildcards = vr != DicomVR.UI;
        return wanted.Any(w => present.Any(p => Matches(w, p, vr, wildcards, ignoreCase)));
    }

    private static bool Matches(string wanted, string present, DicomVR vr, bool wildcards, bool ignoreCase)
    {
        if (vr == DicomVR.PN)
        {
            wanted = TrimPersonName(wanted);
            present = TrimPersonName(present);
        }

        return wildcards && WildcardMatcher.HasWildcards(wanted)
            ? WildcardMatcher.IsMatch(wanted, present, ignoreCase)
            : string.Equals(wanted, present, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>Trailing empty components and groups carry nothing: "DOE^JANE^^^" is "DOE^JANE".</summary>
    private static string TrimPersonName(string name) => string.Join('=', name.Split('=').Select(g => g.TrimEnd('^', ' '))).TrimEnd('=');

    /// <summary>The values of an element: split on backslash for multi-valued VRs, trimmed as the VR says.</summary>
    private static IReadOnlyList<string> Values(DicomElement element, DicomDataset owner, DicomVR vr) =>
        vr.IsMultiValued ? element.GetStrings(owner.CharacterSet) : [element.GetText(owner.CharacterSet).Trim()];

    private (DicomTag Date, DicomTag Time)[] CombinedPairs(DicomDataset keys) =>
        options.CombinedDateTimePairs
            .Where(pair => SingleValued(keys, pair.Date) && SingleValued(keys, pair.Time))
            .ToArray();

    private static bool SingleValued(DicomDataset keys, DicomTag tag) =>
        keys.GetElement(tag) is { Length: > 0 } element && element.ValueVR.IsText && element.GetText(keys.CharacterSet).Trim() is { Length: > 0 } text && text != "*" && !text.Contains('\\', StringComparison.Ordinal);

    /// <summary>
    /// Date and time matched as one date-time: from the first date at the first time to the last date at the last time
    /// (PS3.4 C.2.2.2.5.1). Missing time bounds are the start and the end of the day.
    /// </summary>
    private static bool MatchCombined(DicomDataset keys, DicomTag dateTag, DicomTag timeTag, DicomDataset candidate)
    {
        var dateKey = keys.GetString(dateTag)!.Trim();
        var timeKey = keys.GetString(timeTag)!.Trim();
        if (!TryBounds(dateKey, out var fromDate, out var toDate) || !TryTimeBounds(timeKey, out var fromTime, out var toTime))
        {
            return false;
        }

        if (!DicomDate.TryParse(candidate.GetString(dateTag), out var date) || !DicomTime.TryParse(candidate.GetString(timeTag), out var time))
        {
            return false;
        }

        var instant = DateTimeRange.DayTicks(date) + DateTimeRange.TimeTicks(time);
        var lower = fromDate is { } from ? DateTimeRange.DayTicks(from) + (fromTime ?? 0) : (long?)null;
        var upper = toDate is { } to ? DateTimeRange.EndOfDay(to) - TimeSpan.TicksPerDay + 1 + (toTime ?? (TimeSpan.TicksPerDay - 1)) : (long?)null;
        return new DateTimeRange(lower, upper).Contains(instant);
    }

    private static bool TryBounds(string key, out DicomDate? from, out DicomDate? to)
    {
        from = null;
        to = null;
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        var left = dash < 0 ? key : key[..dash].Trim();
        var right = dash < 0 ? key : key[(dash + 1)..].Trim();
        if (left.Length > 0)
        {
            if (!DicomDate.TryParse(left, out var start))
            {
                return false;
            }

            from = start;
        }

        if (right.Length > 0)
        {
            if (!DicomDate.TryParse(right, out var end))
            {
                return false;
            }

            to = end;
        }

        return from is not null || to is not null;
    }

    private static bool TryTimeBounds(string key, out long? from, out long? to)
    {
        from = null;
        to = null;
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        var left = dash < 0 ? key : key[..dash].Trim();
        var right = dash < 0 ? key : key[(dash + 1)..].Trim();
        if (left.Length > 0)
        {
            if (!DicomTime.TryParse(left, out var start))
            {
                return false;
            }

            from = DateTimeRange.TimeTicks(start);
        }

        if (right.Length > 0)
        {
            if (!DicomTime.TryParse(right, out var end))
            {
                return false;
            }

            to = DateTimeRange.EndOfTime(end);
        }

        return from is not null || to is not null;
    }
}
