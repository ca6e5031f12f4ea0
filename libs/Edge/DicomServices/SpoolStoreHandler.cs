using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Spool;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// C-STORE into the local spool: the data set is streamed into a Part 10 file that is fsync'd and indexed before the
/// success status goes back (<see cref="DicomSpool.StoreAsync"/>); the uploader takes it to the cloud later.
/// </summary>
public sealed class SpoolStoreHandler(DicomSpool spool, ILogger<SpoolStoreHandler> logger) : ICStoreHandler
{
    public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var association = request.Association;
        var result = await spool.StoreAsync(request.DataSet, request.TransferSyntax, request.SopClassUid, request.SopInstanceUid,
            association.CallingAeTitle, association.CalledAeTitle, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            return DicomStatus.Success;
        }

        EdgeLog.StoreRefused(logger, request.SopInstanceUid, association.CallingAeTitle, result.Status, result.Reason ?? string.Empty);
        throw new DicomServiceException(new DicomStatus(result.Status), result.Reason ?? "The instance could not be stored.");
    }
}
