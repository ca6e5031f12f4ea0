using Microsoft.Data.Sqlite;

namespace CloudRisPacs.Edge.Storage;

/// <summary>The one backlog query every queue table shares (state 0 pending, 2 parked); both use partial indexes.</summary>
internal static class BacklogQuery
{
    public static Task<QueueBacklog> ReadAsync(EdgeDatabase database, string table, string createdColumn, TimeProvider time,
        CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            var (pending, oldestPending) = CountAndAge(connection, table, createdColumn, 0, time);
            var (parked, oldestParked) = CountAndAge(connection, table, createdColumn, 2, time);
            return new QueueBacklog(pending, oldestPending, parked, oldestParked);
        }, cancellationToken);

    /// <summary>How many entries are in <paramref name="state"/>, and how long ago the oldest of them was created.</summary>
    private static (long Count, TimeSpan? OldestAge) CountAndAge(SqliteConnection connection, string table, string createdColumn, int state,
        TimeProvider time)
    {
        using var command = connection.Command($"SELECT COUNT(*), MIN({createdColumn}) FROM {table} WHERE state = {state}");
        using var reader = command.ExecuteReader();
        reader.Read();
        TimeSpan? age = reader.GetNullableInt64(1) is { } created ? time.GetUtcNow() - UnixTime.FromUnix(created) : null;
        return (reader.GetInt64(0), age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }

    /// <summary>Parked entries of a queue table, oldest first.</summary>
    public static Task<IReadOnlyList<ParkedEntry>> ListParkedAsync(EdgeDatabase database, string queue, string table, string idColumn,
        string kindColumn, string createdColumn, int limit, CancellationToken cancellationToken, string orderColumn = "seq") =>
        database.ReadAsync<IReadOnlyList<ParkedEntry>>(connection =>
        {
            using var command = connection.Command(
                $"SELECT {idColumn}, {kindColumn}, attempts, last_error, {createdColumn} FROM {table} WHERE state = 2 ORDER BY {orderColumn} LIMIT $limit")
                .With("$limit", limit);
            using var reader = command.ExecuteReader();
            var list = new List<ParkedEntry>();
            while (reader.Read())
            {
                list.Add(new ParkedEntry(queue, reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    reader.GetNullableString(3), UnixTime.FromUnix(reader.GetInt64(4))));
            }

            return list;
        }, cancellationToken);
}
