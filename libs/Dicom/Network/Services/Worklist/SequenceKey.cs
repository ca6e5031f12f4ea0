namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// A sequence key (PS3.4 C.2.2.2.6): a zero-length item asks for the whole sequence; otherwise the candidate's items are
/// matched one by one against the key item, and only the matching ones are returned, shaped to the requested keys.
/// </summary>
internal sealed class SequenceKey : IQueryKey
{
    private readonly DicomTag tag;
    private readonly QueryLevel? itemLevel;
    private readonly bool restricts;

    public SequenceKey(DicomSequence key, DicomQueryMatchingOptions options)
    {
        tag = key.Tag;
        var keyItem = key.Items.FirstOrDefault();
        if (keyItem is not null && keyItem.Any(e => !e.Tag.IsGroupLength))
        {
            itemLevel = new QueryLevel(keyItem, options);
            restricts = QueryLevel.HasMatchingKey(keyItem);
        }
    }

    public bool Apply(DicomDataset candidate, DicomDataset response)
    {
        var found = candidate.GetEntry(tag) as DicomSequence;
        if (itemLevel is null)
        {
            response.Set(found?.Clone() ?? new DicomSequence(tag));
            return true;
        }

        var items = new List<DicomDataset>();
        foreach (var item in found?.Items ?? [])
        {
            var shaped = new DicomDataset();
            if (itemLevel.Match(item, shaped))
            {
                items.Add(shaped);
            }
        }

        if (items.Count == 0 && restricts)
        {
            return false;
        }

        response.Set(new DicomSequence(tag, items));
        return true;
    }
}
