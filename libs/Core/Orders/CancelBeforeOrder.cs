using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// A cancel or discontinue (ORC-1 CA, DC …) can overtake its new order (NW) on the way: the RIS sent both, the
/// transport reordered them. Dropped, the cancel would be lost and the late NW would put a called-off examination on the
/// worklist. So a cancel for an order not yet stored is kept as a tombstone, the order's own row (same key) with the
/// cancel's status and version and <see cref="OrderRecord.CancelledBeforeOrdered"/> set; an older NW or XO arriving
/// later fills in the order's details but the order stays cancelled and its steps stay off the worklist. A NW newer than
/// the cancel is a new order after it and applies as usual.
/// </summary>
internal static class CancelBeforeOrder
{
    /// <summary>Whether the request withdraws the order (so an unknown order gets a tombstone instead of nothing).</summary>
    public static bool Withdraws(OrderRequest request) => request.Rule.Action is StepAction.Cancel or StepAction.Discontinue;

    /// <summary>Whether the request is the order that a stored tombstone's cancel overtook.</summary>
    public static bool IsOvertaken(OrderRecord? existing, OrderRequest request) =>
        existing is { CancelledBeforeOrdered: true } && request.Rule.Action is StepAction.Schedule or StepAction.Update
        && !VersionStamp.IsNewer(request.Version, existing.Version);

    public static OrderRecord Tombstone(OrderRequest request, string messageId, DateTimeOffset now) => new()
    {
        OrderKey = request.OrderKey,
        AccessionNumber = request.AccessionNumber,
        RequestedProcedureId = request.RequestedProcedureId,
        PlacerOrderNumber = request.PlacerOrderNumber,
        FillerOrderNumber = request.FillerOrderNumber,
        PlacerOrder = request.PlacerOrder,
        FillerOrder = request.FillerOrder,
        UniversalServiceId = request.UniversalServiceId,
        StudyInstanceUid = request.StudyInstanceUid ?? string.Empty, // not known until the order itself arrives
        Status = request.Rule.StepStatus ?? "CANCELLED",
        Version = request.Version,
        CancelledBeforeOrdered = true,
        LastMessageId = messageId,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The overtaken order as stored: its details, the tombstone's status and version, its steps off the worklist.</summary>
    public static OrderRecord KeepCancelled(OrderRecord order, OrderRecord tombstone, Dictionary<string, StepRecord> steps)
    {
        foreach (var step in steps.Values.Where(s => s.OrderKey == order.OrderKey).ToList())
        {
            steps[step.ItemKey] = step with
            {
                OnWorklist = false,
                RemovalReason = tombstone.Status.ToLowerInvariant(),
                Item = step.Item with { Status = tombstone.Status },
            };
        }

        return order with { Status = tombstone.Status, Version = tombstone.Version, CancelledBeforeOrdered = false };
    }
}
