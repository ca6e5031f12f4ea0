using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>Log messages of the upper layer; every one names the association.</summary>
internal static partial class UlLog
{
    [LoggerMessage(100, LogLevel.Trace, "{AssociationId}: {State} + {Event} -> {Action} -> {Next}")]
    public static partial void Transition(ILogger logger, string associationId, UlState state, UlInput @event, UlAction action, UlState next);

    [LoggerMessage(101, LogLevel.Debug, "{AssociationId}: {Event} is not allowed in {State}; ignored")]
    public static partial void NotAllowed(ILogger logger, string associationId, UlInput @event, UlState state);

    [LoggerMessage(102, LogLevel.Warning, "{AssociationId}: rejecting the association: {Reason}")]
    public static partial void Rejecting(ILogger logger, string associationId, string reason);

    [LoggerMessage(103, LogLevel.Warning, "{AssociationId}: aborting ({Source}, {Reason}): {Detail}")]
    public static partial void Aborting(ILogger logger, string associationId, string source, string reason, string detail);

    [LoggerMessage(104, LogLevel.Warning, "{AssociationId}: the peer aborted the association (source {Source}, reason {Reason})")]
    public static partial void PeerAborted(ILogger logger, string associationId, string source, string reason);

    [LoggerMessage(105, LogLevel.Information, "{AssociationId}: ended: {End}")]
    public static partial void Ended(ILogger logger, string associationId, AssociationEnd end);

    [LoggerMessage(106, LogLevel.Debug, "{AssociationId}: transport closed: {Detail}")]
    public static partial void TransportClosed(ILogger logger, string associationId, string detail);

    [LoggerMessage(107, LogLevel.Error, "{AssociationId}: the association loop failed; transport closed")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string associationId);

    [LoggerMessage(108, LogLevel.Warning, "{AssociationId}: invalid PDU received: {Detail}")]
    public static partial void InvalidPdu(ILogger logger, string associationId, string detail);

    [LoggerMessage(109, LogLevel.Warning, "{AssociationId}: {Pdu} PDU not expected in {State}")]
    public static partial void UnexpectedPdu(ILogger logger, string associationId, string pdu, UlState state);
}
