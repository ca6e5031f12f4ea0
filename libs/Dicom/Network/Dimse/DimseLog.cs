using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>Log messages of the DIMSE layer; every one names the association.</summary>
internal static partial class DimseLog
{
    [LoggerMessage(200, LogLevel.Warning, "{AssociationId}: DIMSE protocol error, aborting: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string associationId, string reason);

    [LoggerMessage(201, LogLevel.Debug, "{AssociationId}: received {Message}")]
    public static partial void Received(ILogger logger, string associationId, DimseMessage message);

    [LoggerMessage(202, LogLevel.Debug, "{AssociationId}: sent {Message}")]
    public static partial void Sent(ILogger logger, string associationId, DimseMessage message);

    [LoggerMessage(203, LogLevel.Warning, "{AssociationId}: response {Message} answers no outstanding request; ignored")]
    public static partial void UnexpectedResponse(ILogger logger, string associationId, DimseMessage message);

    [LoggerMessage(204, LogLevel.Information, "{AssociationId}: C-CANCEL for request #{MessageId}")]
    public static partial void CancelRequested(ILogger logger, string associationId, ushort messageId);

    [LoggerMessage(205, LogLevel.Error, "{AssociationId}: handling {Message} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string associationId, DimseMessage message);

    [LoggerMessage(206, LogLevel.Information, "{AssociationId}: release requested with {Count} requests still in progress; answering when they finish")]
    public static partial void ReleaseWaits(ILogger logger, string associationId, int count);

    [LoggerMessage(207, LogLevel.Warning, "{AssociationId}: {Message}: the data set cannot be read: {Reason}")]
    public static partial void UnreadableDataSet(ILogger logger, string associationId, DimseMessage message, string reason);

    [LoggerMessage(208, LogLevel.Warning, "{AssociationId}: {Message} makes {Outstanding} outstanding requests of the peer, more than the asynchronous operations window of {Window} it agreed to; aborting")]
    public static partial void PeerWindowExceeded(ILogger logger, string associationId, DimseMessage message, int outstanding, int window);
}
