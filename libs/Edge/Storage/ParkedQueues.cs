namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// Puts parked entries back in line once an operator has fixed the cause (a RIS that refused a result, a container
/// that did not exist): attempts count from zero again and the entry is due at once. The queue names are the ones
/// <c>/status</c> lists parked entries under.
/// </summary>
public sealed class ParkedQueues(EdgeDatabase database)
{
    // A spool entry is named by the SOP Instance UID /status lists it under; its file name is accepted too.
    private static readonly Dictionary<string, (string Table, string[] IdColumns, string? FinishedColumn)> Tables = new(StringComparer.Ordinal)
    {
        ["outbox"] = ("outbox", ["message_id"], null),
        ["outbound"] = ("outbound", ["outbound_id"], "finished_at"),
        ["spool"] = ("spool", ["sop_instance_uid", "file_name"], null),
        ["commitment"] = ("commitment", ["transaction_uid"], "finished_at"),
    };

    /// <summary>The queues that can hold parked entries.</summary>
    public static IReadOnlyCollection<string> Names => Tables.Keys;

    /// <summary>Requeues one parked entry of <paramref name="queue"/>, or all of them when <paramref name="id"/> is null; returns how many.</summary>
    /// <exception cref="ArgumentException">The queue is not one of <see cref="Names"/>.</exception>
    public Task<int> RequeueAsync(string queue, string? id, CancellationToken cancellationToken = default)
    {
        if (!Tables.TryGetValue(queue, out var table))
        {
            throw new ArgumentException($"There is no queue '{queue}'; parked entries live in {string.Join(", ", Names)}.", nameof(queue));
        }

        var finished = table.FinishedColumn is null ? string.Empty : $", {table.FinishedColumn} = NULL";
        var which = id is null ? string.Empty : $" AND ({string.Join(" OR ", table.IdColumns.Select(column => $"{column} = $id"))})";
        return database.WriteAsync(tx =>
        {
            using var command = tx.Command($"UPDATE {table.Table} SET state = {EdgeSchema.Pending}, attempts = 0, next_attempt_at = 0{finished} " +
                $"WHERE state = {EdgeSchema.Parked}{which}");
            if (id is not null)
            {
                command.With("$id", id);
            }

            return command.ExecuteNonQuery();
        }, cancellationToken);
    }
}
