namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// A key with a value to match (single value, UID list, wild card, range): the candidate needs a non-empty value that
/// matches, which is then returned. A key sent as UN is compared as the candidate's VR, so it is prepared per candidate.
/// </summary>
internal sealed class ValueKey : IQueryKey
{
    private readonly DicomElement key;
    private readonly DicomDataset keys;
    private readonly bool personNameCaseInsensitive;
    private readonly KeyValues? prepared;

    public ValueKey(DicomElement key, DicomDataset keys, bool personNameCaseInsensitive)
    {
        this.key = key;
        this.keys = keys;
        this.personNameCaseInsensitive = personNameCaseInsensitive;
        if (key.ValueVR != DicomVR.UN && key.ValueVR.IsText)
        {
            prepared = new KeyValues(key, keys, key.ValueVR, personNameCaseInsensitive);
        }
    }

    public bool Apply(DicomDataset candidate, DicomDataset response)
    {
        // PS3.4 K.2.2.1.1.1: an unknown (absent or empty) value matches no matching key.
        if (candidate.GetEntry(key.Tag) is not DicomElement { Length: > 0 } value || !Matches(value, candidate))
        {
            return false;
        }

        response.Set(value);
        return true;
    }

    private bool Matches(DicomElement value, DicomDataset candidate)
    {
        var vr = key.ValueVR == DicomVR.UN ? value.ValueVR : key.ValueVR;
        if (!vr.IsText || !value.ValueVR.IsText)
        {
            // Binary values: single value matching of the bytes.
            return key.Value.Span.SequenceEqual(value.Value.Span);
        }

        var wanted = prepared ?? new KeyValues(key, keys, vr, personNameCaseInsensitive);
        return wanted.MatchesAny(KeyValues.Decode(value, candidate, vr));
    }
}
