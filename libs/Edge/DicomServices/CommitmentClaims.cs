using System.Collections.Concurrent;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// Who reports a storage commitment transaction right now, so that its N-EVENT-REPORT never goes out twice at once:
/// the requesting association claims it from the N-ACTION until the DICOM library says how the report ended, and the
/// re-delivery pass (<see cref="CommitmentReportDelivery"/>) claims it while it sends the report on a new association.
/// A claim is also the rendezvous with the bus handler that brings the cloud's answer. <see cref="ReportDue"/> is raised
/// when a report is left for the re-delivery pass: an answer arrived for an unclaimed transaction, or the association
/// handed its report over.
/// </summary>
public sealed class CommitmentClaims
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CommitmentResult>> claims = new(StringComparer.Ordinal);

    /// <summary>Raised when a report waits for the re-delivery pass.</summary>
    public event EventHandler? ReportDue;

    /// <summary>Claims a transaction; false when someone holds it already.</summary>
    public bool TryClaim(string transactionUid) =>
        claims.TryAdd(transactionUid, new TaskCompletionSource<CommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously));

    public bool IsClaimed(string transactionUid) => claims.ContainsKey(transactionUid);

    /// <summary>Releases a claim; with <paramref name="reportDue"/> the re-delivery pass is told the report waits for it.</summary>
    public void Release(string transactionUid, bool reportDue = false)
    {
        claims.TryRemove(transactionUid, out _);
        if (reportDue)
        {
            ReportDue?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>The cloud's answer for a claimed transaction, once <see cref="Complete"/> is called for it.</summary>
    public Task<CommitmentResult> WaitAsync(string transactionUid, CancellationToken cancellationToken) =>
        claims.TryGetValue(transactionUid, out var claim)
            ? claim.Task.WaitAsync(cancellationToken)
            : throw new InvalidOperationException($"Storage commitment {transactionUid} is not claimed.");

    /// <summary>Hands the cloud's answer to the claim holding its transaction; when none does, the re-delivery pass is told.</summary>
    public void Complete(CommitmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (claims.TryGetValue(result.TransactionUid, out var claim))
        {
            claim.TrySetResult(result);
            return;
        }

        ReportDue?.Invoke(this, EventArgs.Empty);
    }
}
