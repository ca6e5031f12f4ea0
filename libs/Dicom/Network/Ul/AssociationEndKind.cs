namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>How an association ended.</summary>
public enum AssociationEndKind
{
    /// <summary>Released normally (A-RELEASE).</summary>
    Released,

    /// <summary>The association request was rejected (A-ASSOCIATE-RJ, by either side).</summary>
    Rejected,

    /// <summary>The peer sent A-ABORT.</summary>
    AbortedByPeer,

    /// <summary>This side aborted: a local request, a timeout, or a protocol error of the peer.</summary>
    AbortedLocally,

    /// <summary>The transport closed without a release or an abort, or the connection could not be made.</summary>
    TransportClosed,
}
