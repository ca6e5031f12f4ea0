using System.Collections.Concurrent;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>In-process rendezvous between a storage commitment transaction waiting for the cloud and the bus handler that receives the answer.</summary>
public sealed class CommitmentWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CommitmentResult>> waiting = new(StringComparer.Ordinal);

    /// <summary>The result of <paramref name="transactionUid"/> once <see cref="Complete"/> is called for it.</summary>
    public Task<CommitmentResult> WaitAsync(string transactionUid, CancellationToken cancellationToken) =>
        waiting.GetOrAdd(transactionUid, _ => new TaskCompletionSource<CommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously))
            .Task.WaitAsync(cancellationToken);

    public void Complete(CommitmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        waiting.GetOrAdd(result.TransactionUid, _ => new TaskCompletionSource<CommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult(result);
    }

    public void Forget(string transactionUid) => waiting.TryRemove(transactionUid, out _);
}
