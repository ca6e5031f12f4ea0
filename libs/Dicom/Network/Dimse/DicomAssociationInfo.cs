using System.Net;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>What is known about an established association: who, from where, and what was negotiated.</summary>
public sealed record DicomAssociationInfo(
    string AssociationId,
    string CallingAeTitle,
    string CalledAeTitle,
    IPEndPoint? RemoteEndPoint,
    bool IsRequestor,
    IReadOnlyList<DicomPresentationContext> PresentationContexts,
    uint PeerMaxPduLength,
    string? PeerImplementationClassUid,
    string? PeerImplementationVersionName)
{
    /// <summary>The SOP class extended negotiation the acceptor agreed to (PS3.7 section D.3.3.5), as sent in A-ASSOCIATE-AC.</summary>
    public IReadOnlyList<SopClassExtendedNegotiation> ExtendedNegotiations { get; init; } = [];

    /// <summary>
    /// Operations the requestor may have outstanding (PS3.7 D.3.3.3): 1 when no asynchronous operations window was
    /// negotiated, 0 for no limit.
    /// </summary>
    public int MaxOperationsInvoked { get; init; } = 1;

    /// <summary>
    /// Operations (notifications such as the N-EVENT-REPORT of storage commitment) the acceptor may have outstanding
    /// on the requestor, as the acceptor's answer in the window sub-item says (PS3.7 D.3.3.3): 1 when no asynchronous
    /// operations window was negotiated, 0 for no limit.
    /// </summary>
    public int MaxOperationsPerformed { get; init; } = 1;

    /// <summary>How many requests this side may have outstanding on the peer: the window of its own direction.</summary>
    public int OwnOperationsWindow => IsRequestor ? MaxOperationsInvoked : MaxOperationsPerformed;

    /// <summary>How many requests the peer may have outstanding on this side: the window of the peer's direction.</summary>
    public int PeerOperationsWindow => IsRequestor ? MaxOperationsPerformed : MaxOperationsInvoked;

    /// <summary>The requestor's user identity, when it sent one (never logged).</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>
    /// The acceptor's positive response to user identity negotiation (PS3.7 D.3.3.7.2), when it sent one: zero length
    /// for a username or passcode. Null when none came, which a requestor that asked for one may treat as not verified.
    /// </summary>
    public ByteString? UserIdentityServerResponse { get; init; }

    /// <summary>The accepted context for a SOP class (and, when given, a transfer syntax), or null.</summary>
    public DicomPresentationContext? FindContext(string sopClassUid, DicomTransferSyntax? transferSyntax = null) =>
        PresentationContexts.FirstOrDefault(c => c.AbstractSyntax == sopClassUid && (transferSyntax is null || c.TransferSyntax.Equals(transferSyntax)));
}
