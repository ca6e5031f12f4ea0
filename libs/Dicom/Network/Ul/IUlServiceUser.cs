using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>
/// The upper layer's service user (the DIMSE layer): receives the indications and confirmations of PS3.8 and decides
/// on association requests. Called from the association loop only, one call at a time.
/// </summary>
internal interface IUlServiceUser
{
    /// <summary>A-ASSOCIATE indication (acceptor): answer with an <see cref="AssociateAcceptPdu"/> or an <see cref="AssociateRejectPdu"/>.</summary>
    ValueTask<Pdu.Pdu> DecideAsync(AssociateRequestPdu request);

    /// <summary>The association is established (after A-ASSOCIATE-AC was sent or received).</summary>
    void OnEstablished(AssociateRequestPdu request, AssociateAcceptPdu accept);

    /// <summary>P-DATA indication. The token is cancelled when the association is being aborted.</summary>
    ValueTask OnPDataAsync(PDataTransferPdu pdu, CancellationToken cancellationToken);

    /// <summary>A-RELEASE indication: the peer asks to release; answer with <see cref="AssociationLoop.RespondToRelease"/> when ready.</summary>
    void OnReleaseRequested();

    /// <summary>The association is over (released, rejected, aborted or its transport closed).</summary>
    void OnEnded(AssociationEnd end);
}
