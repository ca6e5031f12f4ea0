namespace CloudRisPacs.Edge.Storage;

/// <summary>The one backlog query every queue table shares (state 0 pending, 2 parked); both use partial indexes.</summary>
internal static class BacklogQuery
{
    public static Task<QueueBacklog> ReadAsync(EdgeDatabase database, string table, string createdColumn, TimeProvider time,
        CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            long pending;
            long? oldest;
            using (var command = connection.Command($"SELECT COUNT(*), MIN({createdColumn}) FROM {table} WHERE state = 0"))
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                pending = reader.GetInt64(0);
                oldest = reader.GetNullableInt64(1);
            }

            using var parked = connection.Command($"SELECT COUNT(*) FROM {table} WHERE state = 2");
            TimeSpan? age = oldest is { } created ? time.GetUtcNow() - UnixTime.FromUnix(created) : null;
            return new QueueBacklog(pending, age < TimeSpan.Zero ? TimeSpan.Zero : age, parked.Scalar());
        }, cancellationToken);

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
