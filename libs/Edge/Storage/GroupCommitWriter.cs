using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The one writer of the database. Callers queue work; a dedicated thread takes everything queued, runs it in one
/// transaction and commits once (one WAL fsync under <c>synchronous=FULL</c>). Work that arrives while a commit is being
/// flushed waits for the next one, so concurrent senders share fsyncs: the busier the agent, the larger the groups.
/// When fewer writes are queued than were active around the last commit (the senders just acknowledged are about to send
/// again), the writer waits a moment for them, at most half the last commit's duration: a commit that takes milliseconds
/// is worth a sub-millisecond wait that doubles its group. A lone sender never waits.
/// If a piece throws, the group is rolled back and each piece is run again in a transaction of its own, so only the
/// failing piece's caller gets the exception. Nobody's task completes before its data is durable, except a write queued
/// without flush (<see cref="WriteAsync{T}(Func{SqliteTransaction, T}, bool, CancellationToken)"/>): a group made only of
/// those commits under <c>synchronous=NORMAL</c> (the WAL is written, so a killed process keeps it, but not fsync'd: a
/// power loss may lose it), for rows the agent can rebuild from elsewhere.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxGroupSize = 512;
    private static readonly TimeSpan MaxGatherWindow = TimeSpan.FromMilliseconds(2);

    private readonly SqliteConnection connection;
    private readonly SqliteCommand synchronousFull;
    private readonly SqliteCommand synchronousNormal;
    private readonly Queue<IPendingWrite> queue = new();
    private readonly Thread thread;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool closing;
    private long commits;
    private long writes;

    public GroupCommitWriter(SqliteConnection connection)
    {
        this.connection = connection;
        synchronousFull = connection.CreateCommand();
        synchronousFull.CommandText = "PRAGMA synchronous=FULL;";
        synchronousNormal = connection.CreateCommand();
        synchronousNormal.CommandText = "PRAGMA synchronous=NORMAL;";
        thread = new Thread(Run) { IsBackground = true, Name = "edge-db-writer" };
        thread.Start();
    }

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref commits);

    /// <summary>Pieces of work committed so far (writes / commits = average group size).</summary>
    public long Writes => Interlocked.Read(ref writes);

    /// <summary>Queues <paramref name="work"/>; with <paramref name="flush"/> false its task may complete before an fsync.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, bool flush, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var pending = new PendingWrite<T>(work, flush, cancellationToken);
        lock (queue)
        {
            ObjectDisposedException.ThrowIf(closing, this);
            queue.Enqueue(pending);
            Monitor.Pulse(queue);
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        lock (queue)
        {
            closing = true;
            Monitor.Pulse(queue);
        }

        await stopped.Task.ConfigureAwait(false);
        synchronousFull.Dispose();
        synchronousNormal.Dispose();
    }

    private void Run()
    {
        var group = new List<IPendingWrite>(MaxGroupSize);
        var lastGroupSize = 0;
        var lastCommit = TimeSpan.Zero;
        while (true)
        {
            group.Clear();
            lock (queue)
            {
                while (queue.Count == 0 && !closing)
                {
                    Monitor.Wait(queue);
                }

                if (queue.Count == 0)
                {
                    break;
                }

                Gather(lastGroupSize, lastCommit);
                while (group.Count < MaxGroupSize && queue.TryDequeue(out var next))
                {
                    if (!next.IsCancelled)
                    {
                        group.Add(next);
                    }
                }
            }

            if (group.Count > 0)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                if (!TryCommit(group))
                {
                    group.ForEach(w => TryCommit([w]));
                }

                lastCommit = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                lock (queue)
                {
                    // The senders just acknowledged will send again at once; those queued meanwhile are waiting already.
                    lastGroupSize = Math.Min(MaxGroupSize, group.Count + queue.Count);
                }
            }
        }

        stopped.TrySetResult();
    }

    /// <summary>Inside the queue lock: waits (bounded) until as many writes are queued as the last group had.</summary>
    private void Gather(int lastGroupSize, TimeSpan lastCommit)
    {
        if (queue.Count >= lastGroupSize || closing)
        {
            return;
        }

        var window = lastCommit / 2 < MaxGatherWindow ? lastCommit / 2 : MaxGatherWindow;
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (queue.Count < lastGroupSize && !closing)
        {
            var remaining = deadline - System.Diagnostics.Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            Monitor.Wait(queue, TimeSpan.FromSeconds(remaining / (double)System.Diagnostics.Stopwatch.Frequency));
        }
    }

    /// <summary>Runs and commits the whole group; false (rolled back, nobody completed) when a piece threw.</summary>
    private bool TryCommit(List<IPendingWrite> group)
    {
        if (group.Exists(w => w.Flush))
        {
            return TryCommitGroup(group);
        }

        synchronousNormal.ExecuteNonQuery();
        try
        {
            return TryCommitGroup(group);
        }
        finally
        {
            synchronousFull.ExecuteNonQuery();
        }
    }

    private bool TryCommitGroup(List<IPendingWrite> group)
    {
        SqliteTransaction transaction;
        try
        {
            transaction = connection.BeginTransaction(deferred: false);
        }
        catch (SqliteException ex)
        {
            group.ForEach(w => w.Fail(ex));
            return true;
        }

        using (transaction)
        {
            foreach (var write in group)
            {
                try
                {
                    write.Run(transaction);
                }
                catch (Exception ex)
                {
                    transaction.Rollback();
                    if (group.Count == 1)
                    {
                        write.Fail(ex);
                        return true;
                    }

                    return false;
                }
            }

            try
            {
                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                group.ForEach(w => w.Fail(ex));
                return true;
            }
        }

        Interlocked.Increment(ref commits);
        Interlocked.Add(ref writes, group.Count);
        group.ForEach(w => w.Complete());
        return true;
    }

    private interface IPendingWrite
    {
        bool IsCancelled { get; }

        bool Flush { get; }

        void Run(SqliteTransaction transaction);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, T> work, bool flush, CancellationToken cancellationToken) : IPendingWrite
    {
        public bool Flush => flush;

        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Task => completion.Task;

        public bool IsCancelled
        {
            get
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                completion.TrySetCanceled(cancellationToken);
                return true;
            }
        }

        public void Run(SqliteTransaction transaction) => result = work(transaction);

        public void Complete() => completion.TrySetResult(result!);

        public void Fail(Exception exception) => completion.TrySetException(exception);
    }
}
