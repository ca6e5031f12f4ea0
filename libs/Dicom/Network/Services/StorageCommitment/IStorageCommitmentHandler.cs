namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>
/// Takes storage commitment requests in two steps. <see cref="AcceptAsync"/> runs before the N-ACTION is answered:
/// a handler that must not lose a request (the edge agent) records it durably there, so a success status always means
/// "remembered"; an exception refuses the N-ACTION (a <see cref="DicomServiceException"/> with its status, anything
/// else with processing failure). <see cref="CommitAsync"/> then decides, asynchronously and as slowly as it needs (the
/// edge agent asks the cloud), which instances are safely stored; the result goes to the requester in an
/// N-EVENT-REPORT. Every instance of the request should appear in exactly one of the two lists; one missing from both
/// is reported as failed with processing failure.
/// </summary>
public interface IStorageCommitmentHandler
{
    /// <summary>Accepts a checked request before its N-ACTION is answered; nothing to do by default.</summary>
    ValueTask AcceptAsync(StorageCommitmentRequest request, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken);

    /// <summary>The requester answered the report with success (or a warning); nothing to do by default.</summary>
    ValueTask ReportDeliveredAsync(StorageCommitmentRequest request, StorageCommitmentReport report, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// The report could not be sent on the requesting association (<paramref name="reason"/>: it had closed, or the
    /// requester did not answer with success). Return true when the handler delivers it itself (the edge agent does,
    /// durably and across restarts); false (the default) lets the service send it to the requester's configured address
    /// (<see cref="StorageCommitmentOptions.Requesters"/>).
    /// </summary>
    ValueTask<bool> TakeOverReportAsync(StorageCommitmentRequest request, StorageCommitmentReport report, string reason, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);
}
