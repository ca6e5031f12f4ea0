using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// Answers C-STORE: read <see cref="DicomStoreRequest.DataSet"/> and store it durably; return success only when it is
/// (architecture principle 1). Return or throw a failure status otherwise (<see cref="DicomStatus.OutOfResources"/> when
/// there is no room, <see cref="DicomStatus.CannotUnderstand"/> for a data set that cannot be read).
/// </summary>
public interface ICStoreHandler
{
    ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken);
}
