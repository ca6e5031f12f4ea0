namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>One key of a compiled query level: decides whether a candidate matches it and puts its return value in the response.</summary>
internal interface IQueryKey
{
    bool Apply(DicomDataset candidate, DicomDataset response);
}
