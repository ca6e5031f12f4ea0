using CloudRisPacs.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>Log messages of the service layer; every one names the association.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(300, LogLevel.Warning, "{AssociationId}: {Message} answered {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string associationId, DimseMessage message, DicomStatus status, string reason);

    [LoggerMessage(301, LogLevel.Error, "{AssociationId}: the handler of {Message} failed; answered processing failure")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string associationId, DimseMessage message);

    [LoggerMessage(302, LogLevel.Information, "{AssociationId}: {Message} cancelled after {Count} responses")]
    public static partial void FindCancelled(ILogger logger, string associationId, DimseMessage message, int count);

    [LoggerMessage(303, LogLevel.Debug, "{AssociationId}: {Message} answered {Status}")]
    public static partial void Answered(ILogger logger, string associationId, DimseMessage message, DicomStatus status);

    [LoggerMessage(304, LogLevel.Warning, "Worklist file {Path} is skipped: {Reason}")]
    public static partial void WorklistFileUnreadable(ILogger logger, string path, string reason);
}
