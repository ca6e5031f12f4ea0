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
            if (key.Tag.IsGroupLength || key.Tag == DicomTag.SpecificCharacterSet || IsNotAKey(key.Tag))
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
    public static bool HasMatchingKey(DicomDataset keys) => keys.Any(entry => !IsNotAKey(entry.Tag) && entry switch
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

    /// <summary>
    /// Attributes a query may carry that are not worklist keys, so they neither match nor come back: private attributes
    /// (no SCP can know what another vendor's mean; PS3.4 K.2.2.1.1 lets an SCP leave unsupported keys out) and the
    /// Query/Retrieve Level, which some modalities send to a worklist SCP although annex K has none ("WORKLIST").
    /// </summary>
    private static bool IsNotAKey(DicomTag tag) => tag.IsPrivate || tag == DicomTag.QueryRetrieveLevel;

    private static bool IsUniversalText(DicomElement element, DicomDataset keys) =>
        element.ValueVR.IsText && element.GetText(keys.CharacterSet).Trim() is "" or "*";
}
