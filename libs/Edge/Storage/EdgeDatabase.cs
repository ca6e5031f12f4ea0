using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The agent's SQLite database: WAL journal, <c>synchronous=FULL</c> (every commit is fsync'd before it returns), one
/// group-committing writer (<see cref="GroupCommitWriter"/>) and pooled read-only connections that read alongside it.
/// A process killed at any instant loses nothing whose write task had completed. Checkpoints (copying the WAL into the
/// database file, with their own fsyncs) run in the background on a connection of their own, off the acknowledgement path.
/// </summary>
public sealed class EdgeDatabase : IAsyncDisposable
{
    private readonly SqliteConnection writerConnection;
    private readonly GroupCommitWriter writer;
    private readonly string readConnectionString;
    private readonly SqliteConnection checkpointConnection;
    private readonly Timer checkpointTimer;
    private int checkpointing;
    private int disposed;

    private EdgeDatabase(string path, SqliteConnection writerConnection)
    {
        Path = path;
        this.writerConnection = writerConnection;
        writer = new GroupCommitWriter(writerConnection);
        readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        checkpointConnection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString());
        checkpointConnection.Open();
        Execute(checkpointConnection, "PRAGMA synchronous=FULL;");
        checkpointTimer = new Timer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
    }

    private static TimeSpan CheckpointInterval => TimeSpan.FromMilliseconds(500);

    /// <summary>The WAL grows to about this size before a background checkpoint copies it into the database.</summary>
    private const long CheckpointWalBytes = 4 * 1024 * 1024;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Commits so far (each one fsync).</summary>
    public long Commits => writer.Commits;

    /// <summary>Writes committed so far; <c>Writes / Commits</c> is the average group size.</summary>
    public long Writes => writer.Writes;

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/> and brings its schema up to date.</summary>
    public static EdgeDatabase Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            Execute(connection, "PRAGMA foreign_keys=ON;");
            Execute(connection, "PRAGMA busy_timeout=30000;");
            // Checkpoints run in the background (Checkpoint), never inside a commit on the acknowledgement path.
            Execute(connection, "PRAGMA wal_autocheckpoint=0;");
            Execute(connection, "PRAGMA journal_size_limit=67108864;");
            Migrate(connection);
            return new EdgeDatabase(full, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in the next group commit; completes once it is durable.</summary>
    internal Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(work, flush: true, cancellationToken);

    /// <summary>Runs a write that returns nothing.</summary>
    internal Task WriteAsync(Action<SqliteTransaction> work, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(Returning(work), flush: true, cancellationToken);

    /// <summary>
    /// Runs a write whose rows the agent can rebuild after a power loss (the spool index, from the spool's own durable
    /// files): it is committed in the next group but completes without waiting for an fsync of its own. A killed
    /// process keeps it (the WAL is written); the next durable commit or checkpoint makes it durable.
    /// </summary>
    internal Task WriteRebuildableAsync(Action<SqliteTransaction> work, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(Returning(work), flush: false, cancellationToken);

    private static Func<SqliteTransaction, bool> Returning(Action<SqliteTransaction> work) => tx =>
    {
        work(tx);
        return true;
    };

    /// <summary>Runs <paramref name="read"/> on a pooled read-only connection (it sees the last committed state).</summary>
    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = new SqliteConnection(readConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return read(connection);
    }

    public async ValueTask DisposeAsync()
    {
        // A second dispose (a caller's cleanup after a failed reopen) must not throw over the error that matters.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await checkpointTimer.DisposeAsync().ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        lock (checkpointConnection)
        {
            Execute(checkpointConnection, "PRAGMA wal_checkpoint(TRUNCATE);");
            checkpointConnection.Dispose();
        }

        await writerConnection.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    private void Checkpoint()
    {
        if (Interlocked.Exchange(ref checkpointing, 1) == 1)
        {
            return;
        }

        try
        {
            var wal = new FileInfo(Path + "-wal");
            if (wal.Exists && wal.Length >= CheckpointWalBytes)
            {
                lock (checkpointConnection)
                {
                    // PASSIVE never blocks the writer or readers; what it cannot copy now it copies next time.
                    Execute(checkpointConnection, "PRAGMA wal_checkpoint(PASSIVE);");
                }
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // A failed checkpoint loses nothing (the WAL keeps the data); the next tick tries again.
        }
        finally
        {
            Volatile.Write(ref checkpointing, 0);
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        var version = (int)connection.Command("PRAGMA user_version;").ScalarOnce();
        var migrations = EdgeSchema.Migrations;
        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The database was written by a newer edge agent (schema {version}; this version knows {migrations.Count}). Install the newer version.");
        }

        for (var next = version; next < migrations.Count; next++)
        {
            using var transaction = connection.BeginTransaction();
            transaction.Command(migrations[next]).ExecuteOnce();
            transaction.Command($"PRAGMA user_version = {next + 1};").ExecuteOnce();
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        command.ExecuteNonQuery();
    }
}
