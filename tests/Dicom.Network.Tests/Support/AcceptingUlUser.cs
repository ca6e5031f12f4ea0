using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Ul;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>An upper-layer service user that accepts every presentation context with its first transfer syntax.</summary>
internal sealed class AcceptingUlUser : IUlServiceUser
{
    public ValueTask<Pdu.Pdu> DecideAsync(AssociateRequestPdu request) =>
        ValueTask.FromResult<Pdu.Pdu>(new AssociateAcceptPdu(
            request.CalledAeTitle,
            request.CallingAeTitle,
            request.PresentationContexts.Select(c => new PresentationContextResult(c.Id, PresentationContextResultReason.Acceptance, c.TransferSyntaxes[0])).ToArray(),
            new UserInformation { MaximumLength = 16384 }));

    public void OnEstablished(AssociateRequestPdu request, AssociateAcceptPdu accept)
    {
    }

    public ValueTask OnPDataAsync(PDataTransferPdu pdu, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void OnReleaseRequested()
    {
    }

    public void OnEnded(AssociationEnd end)
    {
    }
}
