namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// Where worklist items come from (the edge agent's SQLite cache, a folder of files, memory). A source returns
/// candidates, narrowed as far as it can cheaply (see the hints on <see cref="DicomWorklistQuery"/>); the
/// <see cref="ModalityWorklistService"/> applies the full PS3.4 matching to each. Items are worklist data sets: the
/// patient, visit and requested procedure attributes with a Scheduled Procedure Step Sequence.
/// </summary>
public interface IWorklistItemSource
{
    IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, CancellationToken cancellationToken);
}
