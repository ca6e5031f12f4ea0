using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The one writer of the database. Callers queue work; a single loop takes everything queued, runs each piece in its
/// own savepoint inside one transaction, and commits once (one WAL fsync under <c>synchronous=FULL</c>). Work that
/// arrives while a commit is being flushed waits for the next one, so concurrent senders share fsyncs: the busier the
/// agent, the larger the groups. A piece that throws is rolled back alone and its caller gets the exception; the
/// others still commit. Nobody's task completes before its data is durable.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxGroupSize = 512;

    private readonly SqliteConnection connection;
    private readonly Channel<IPendingWrite> queue = Channel.CreateUnbounded<IPendingWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly Task loop;
    private long commits;
    private long writes;

    public GroupCommitWriter(SqliteConnection connection)
    {
        this.connection = connection;
        loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref commits);

    /// <summary>Pieces of work committed so far (writes / commits = average group size).</summary>
    public long Writes => Interlocked.Read(ref writes);

    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var pending = new PendingWrite<T>(work, cancellationToken);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The durable store is closed.");
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<IPendingWrite>(MaxGroupSize);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroupSize && queue.Reader.TryRead(out var next))
            {
                if (!next.IsCancelled)
                {
                    group.Add(next);
                }
            }

            if (group.Count > 0)
            {
                CommitGroup(group);
            }
        }
    }

    private void CommitGroup(List<IPendingWrite> group)
    {
        var succeeded = new List<IPendingWrite>(group.Count);
        SqliteTransaction transaction;
        try
        {
            transaction = connection.BeginTransaction();
        }
        catch (SqliteException ex)
        {
            group.ForEach(w => w.Fail(ex));
            return;
        }

        using (transaction)
        {
            for (var i = 0; i < group.Count; i++)
            {
                var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    transaction.Save(savepoint);
                    group[i].Run(transaction);
                    transaction.Release(savepoint);
                    succeeded.Add(group[i]);
                }
                catch (Exception ex)
                {
                    try
                    {
                        transaction.Rollback(savepoint);
                        transaction.Release(savepoint);
                    }
                    catch (SqliteException)
                    {
                        // The savepoint itself failed (disk full, I/O error): the commit below reports it to everyone.
                    }

                    group[i].Fail(ex);
                }
            }

            try
            {
                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                succeeded.ForEach(w => w.Fail(ex));
                return;
            }
        }

        Interlocked.Increment(ref commits);
        Interlocked.Add(ref writes, succeeded.Count);
        succeeded.ForEach(w => w.Complete());
    }

    private interface IPendingWrite
    {
        bool IsCancelled { get; }

        void Run(SqliteTransaction transaction);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) : IPendingWrite
    {
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
