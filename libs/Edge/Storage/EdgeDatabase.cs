using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// The agent's SQLite database: WAL journal, <c>synchronous=FULL</c> (every commit is fsync'd before it returns), one
/// group-committing writer (<see cref="GroupCommitWriter"/>) and pooled read-only connections that read alongside it.
/// A process killed at any instant loses nothing whose write task had completed.
/// </summary>
public sealed class EdgeDatabase : IAsyncDisposable
{
    private readonly SqliteConnection writerConnection;
    private readonly GroupCommitWriter writer;
    private readonly string readConnectionString;

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
    }

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
        writer.WriteAsync(work, cancellationToken);

    /// <summary>Runs a write that returns nothing.</summary>
    internal Task WriteAsync(Action<SqliteTransaction> work, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(tx =>
        {
            work(tx);
            return true;
        }, cancellationToken);

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
        await writer.DisposeAsync().ConfigureAwait(false);
        await writerConnection.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    private static void Migrate(SqliteConnection connection)
    {
        var version = (int)connection.Command("PRAGMA user_version;").Scalar();
        var migrations = EdgeSchema.Migrations;
        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The database was written by a newer edge agent (schema {version}; this version knows {migrations.Count}). Install the newer version.");
        }

        for (var next = version; next < migrations.Count; next++)
        {
            using var transaction = connection.BeginTransaction();
            transaction.Command(migrations[next]).ExecuteNonQuery();
            transaction.Command($"PRAGMA user_version = {next + 1};").ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        command.ExecuteNonQuery();
    }
}
