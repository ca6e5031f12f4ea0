using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Mpps;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// MPPS N-CREATE/N-SET: the PS3.4 rules of <see cref="ModalityPerformedProcedureStepService"/> over the durable
/// <see cref="MppsStore"/>, which commits each accepted change with its <c>dicom.mpps</c> message for the cloud before
/// the success response is sent.
/// </summary>
public sealed class EdgeMppsHandler(MppsStore store, EdgeCounters counters, ILogger<EdgeMppsHandler> logger) : IMppsHandler
{
    private readonly ModalityPerformedProcedureStepService rules = new(store);

    public async ValueTask<DicomNResponse> CreateAsync(DicomNRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using (MppsStore.CallingAeTitle(request.Association.CallingAeTitle))
        {
            var response = await rules.CreateAsync(request, cancellationToken).ConfigureAwait(false);
            Accepted("create", response.SopInstanceUid ?? request.SopInstanceUid, request);
            return response;
        }
    }

    public async ValueTask<DicomNResponse> SetAsync(DicomNRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using (MppsStore.CallingAeTitle(request.Association.CallingAeTitle))
        {
            var response = await rules.SetAsync(request, cancellationToken).ConfigureAwait(false);
            Accepted("set", request.SopInstanceUid, request);
            return response;
        }
    }

    private void Accepted(string operation, string? uid, DicomNRequest request)
    {
        counters.Increment(EdgeCounters.MppsReceived);
        EdgeLog.MppsAccepted(logger, operation, uid ?? "?", request.Association.CallingAeTitle);
    }
}
