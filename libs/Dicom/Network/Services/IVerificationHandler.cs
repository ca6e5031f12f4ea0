using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>Answers C-ECHO (Verification SOP class). The default answers success.</summary>
public interface IVerificationHandler
{
    ValueTask<DicomStatus> EchoAsync(DicomEchoRequest request, CancellationToken cancellationToken);
}
