namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>A key that only asks for a value (universal matching): the candidate's value, or an empty one when it has none.</summary>
internal sealed class ReturnKey(DicomElement key) : IQueryKey
{
    public bool Apply(DicomDataset candidate, DicomDataset response)
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
}
