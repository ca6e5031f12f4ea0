using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// Holds a storage commitment request back from the cloud while instances it names are still waiting in the spool.
/// The cloud gives up on an instance it has not indexed within its own commitment timeout of the request's arrival; a
/// request sent before its instances (after an outage, or behind an upload backlog of hours) would have every instance
/// failed although all were on their way. So the request's outbox message is held (outbox state 3) with one
/// <c>commitment_wait</c> row per referenced instance that has a pending spool row, and becomes pending in the same
/// commit that uploads (or parks) the last of them. Instances the agent never received, or that it parked, are left
/// for the cloud to judge.
/// </summary>
internal static class CommitmentWaits
{
    /// <summary>Records what <paramref name="request"/> waits for inside the caller's write; true when it must be held.</summary>
    public static bool Hold(SqliteTransaction transaction, CommitmentRequest request)
    {
        var waiting = 0;
        foreach (var instance in request.Instances)
        {
            waiting += transaction.Prepared("""
                INSERT OR IGNORE INTO commitment_wait (transaction_uid, sop_instance_uid)
                SELECT $uid, $sop WHERE EXISTS (SELECT 1 FROM spool WHERE sop_instance_uid = $sop AND state = 0)
                """).With("$uid", request.TransactionUid).With("$sop", instance.SopInstanceUid).ExecuteNonQuery();
        }

        return waiting > 0;
    }

    /// <summary>
    /// Inside the write that took spool entry <paramref name="spoolSequence"/> out of the pending state: ends the waits
    /// for its instance (unless another copy of it is still pending) and releases every request that waits for nothing
    /// more. True when a request was released, so the forwarder should wake.
    /// </summary>
    public static bool Release(SqliteTransaction transaction, long spoolSequence, DateTimeOffset now)
    {
        var ended = transaction.Prepared("""
            DELETE FROM commitment_wait
            WHERE sop_instance_uid = (SELECT sop_instance_uid FROM spool WHERE seq = $seq)
              AND NOT EXISTS (SELECT 1 FROM spool WHERE sop_instance_uid = commitment_wait.sop_instance_uid AND state = 0)
            """).With("$seq", spoolSequence).ExecuteNonQuery();
        if (ended == 0)
        {
            return false;
        }

        // Stamped with the time it is forwarded: the cloud's fallback for when it arrived (when the transport does not say).
        return transaction.Prepared("""
            UPDATE outbox SET state = 0, created_at = $now
            WHERE state = 3 AND kind = $kind AND NOT EXISTS (SELECT 1 FROM commitment_wait WHERE transaction_uid = outbox.correlation_id)
            """).With("$now", now.ToUnix()).With("$kind", BusMessageKinds.DicomCommitmentRequested).ExecuteNonQuery() > 0;
    }
}
