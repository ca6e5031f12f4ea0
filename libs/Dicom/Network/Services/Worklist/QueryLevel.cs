namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// The keys of one level of a query identifier (the top level, or a sequence's key item), prepared once: the combined
/// date-time pairs are checked first, then every other key in order.
/// </summary>
internal sealed class QueryLevel
{
    private readonly CombinedDateTimeKey[] combined;
    private readonly IQueryKey[] keys;

    public QueryLevel(DicomDataset identifier, DicomQueryMatchingOptions options)
    {
        combined = [.. options.CombinedDateTimePairs.Select(pair => CombinedDateTimeKey.For(identifier, pair.Date, pair.Time)).OfType<CombinedDateTimeKey>()];
        var prepared = new List<IQueryKey>();
        foreach (var key in identifier)
        {
            if (key.Tag.IsGroupLength || key.Tag == DicomTag.SpecificCharacterSet)
            {
                continue;
            }

            switch (key)
            {
                case DicomSequence sequence:
                    prepared.Add(new SequenceKey(sequence, options));
                    break;
                case DicomElement element when combined.Any(pair => pair.Covers(key.Tag)) || element.Length == 0 || IsUniversalText(element, identifier):
                    prepared.Add(new ReturnKey(element));
                    break;
                case DicomElement element:
                    prepared.Add(new ValueKey(element, identifier, options.PersonNameCaseInsensitive));
                    break;
            }
        }

        keys = [.. prepared];
    }

    /// <summary>Whether an item of keys restricts anything (a universal or lone "*" key only asks for a value to be returned).</summary>
    public static bool HasMatchingKey(DicomDataset keys) => keys.Any(entry => entry switch
    {
        DicomSequence sequence => sequence.Items.FirstOrDefault() is { } item && HasMatchingKey(item),
        DicomElement element => element.Length > 0 && !IsUniversalText(element, keys),
        _ => false,
    });

    /// <summary>Whether <paramref name="candidate"/> matches every key; the requested keys are added to <paramref name="response"/>.</summary>
    public bool Match(DicomDataset candidate, DicomDataset response)
    {
        foreach (var pair in combined)
        {
            if (!pair.Matches(candidate))
            {
                return false;
            }
        }

        foreach (var key in keys)
        {
            if (!key.Apply(candidate, response))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUniversalText(DicomElement element, DicomDataset keys) =>
        element.ValueVR.IsText && element.GetText(keys.CharacterSet).Trim() is "" or "*";
}
