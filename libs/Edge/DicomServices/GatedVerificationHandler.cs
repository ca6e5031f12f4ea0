using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>C-ECHO: success for every modality the association policy and the <see cref="ModalityGate"/> allow.</summary>
public sealed class GatedVerificationHandler(ModalityGate gate) : IVerificationHandler
{
    public ValueTask<DicomStatus> EchoAsync(DicomEchoRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(gate.IsAllowed(request.Association) ? DicomStatus.Success : DicomStatus.NotAuthorized);
    }
}
