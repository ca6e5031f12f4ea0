using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

internal static partial class StorageCommitmentLog
{
    [LoggerMessage(500, LogLevel.Information, "{AssociationId}: storage commitment {TransactionUid} for {Count} instances requested by {Requester}")]
    public static partial void Requested(ILogger logger, string associationId, string transactionUid, int count, string requester);

    [LoggerMessage(501, LogLevel.Information, "Storage commitment {TransactionUid}: {Committed} committed, {Failed} failed; report sent to {Requester} on {Where}")]
    public static partial void Reported(ILogger logger, string transactionUid, int committed, int failed, string requester, string where);

    [LoggerMessage(502, LogLevel.Warning, "Storage commitment {TransactionUid}: delivering the report to {Requester} failed (attempt {Attempt}): {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string transactionUid, string requester, int attempt, string reason);

    [LoggerMessage(503, LogLevel.Error, "Storage commitment {TransactionUid}: the report for {Requester} could not be delivered: {Reason}")]
    public static partial void Undeliverable(ILogger logger, string transactionUid, string requester, string reason);

    [LoggerMessage(504, LogLevel.Error, "Storage commitment {TransactionUid}: the commitment handler failed; every instance is reported as failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string transactionUid);

    [LoggerMessage(505, LogLevel.Warning, "Storage commitment {TransactionUid}: the N-ACTION response could not be sent ({Reason}); the accepted request is still decided and reported")]
    public static partial void ActionResponseLost(ILogger logger, string transactionUid, string reason);

    [LoggerMessage(506, LogLevel.Information, "Storage commitment {TransactionUid}: {Reason}; the handler delivers the report to {Requester} itself")]
    public static partial void TakenOver(ILogger logger, string transactionUid, string requester, string reason);

    [LoggerMessage(507, LogLevel.Error, "Storage commitment {TransactionUid}: the commitment handler's {Hook} failed")]
    public static partial void HookFailed(ILogger logger, Exception exception, string transactionUid, string hook);

    [LoggerMessage(508, LogLevel.Error, "Storage commitment {TransactionUid}: reporting failed unexpectedly; the report for {Requester} was not delivered")]
    public static partial void ReportingFailed(ILogger logger, Exception exception, string transactionUid, string requester);
}
