namespace CloudRisPacs.Core.Studies;

/// <summary>
/// A study's Performed Procedure Step Status (<see cref="StudyRecord.PerformedStatus"/>) from the MPPS messages and
/// the orders they reached. COMPLETED is final: an IN PROGRESS delivered late (a redelivery, a requeue from the poison
/// queue; Storage Queues are not FIFO) never undoes it, or an order arriving later would never hear its completion.
/// </summary>
public static class StudyPerformedStatus
{
    public const string InProgress = "IN PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Discontinued = "DISCONTINUED";

    /// <summary>The study's status once <paramref name="reported"/> (null: nothing) arrives over <paramref name="current"/>.</summary>
    public static string? Next(string? current, string? reported) => current == Completed || reported is null ? current : reported;

    /// <summary>
    /// What the statuses of a study's orders say of it, for an MPPS that came before the study's first image and so
    /// found no study row to record it on: COMPLETED or DISCONTINUED when every order is, IN PROGRESS when some exam was
    /// reported and not all is done, null when none was.
    /// </summary>
    public static string? OfOrders(IReadOnlyCollection<string?> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.All(s => s is null))
        {
            return null;
        }

        return orders.All(s => s == Completed) ? Completed
            : orders.All(s => s == Discontinued) ? Discontinued
            : InProgress;
    }
}
