using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// A scheduled procedure step, the <c>sps|{item key}</c> row of its patient's partition: the worklist item as the
/// edge receives it, whether it is on the worklist, and its version (grows with every change, including merges and
/// demographic updates, so the edge never applies an older state over a newer one).
/// </summary>
public sealed record StepRecord
{
    public required string OrderKey { get; init; }

    public required WorklistItem Item { get; init; }

    public bool OnWorklist { get; init; } = true;

    /// <summary>Why the step left the worklist (cancelled, discontinued, completed).</summary>
    public string? RemovalReason { get; init; }

    public string ItemKey => Item.ItemKey;

    public long Version => Item.Version;
}
