namespace CloudRisPacs.Core.Pipeline;

/// <summary>What an ORC order-control/order-status pair does to an order and its scheduled procedure steps.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<StepAction>))]
public enum StepAction
{
    /// <summary>A new order (or a re-sent one): create or update it, put its steps on the worklist.</summary>
    Schedule,

    /// <summary>The order changed (XO): update the order and its steps; status per the rule.</summary>
    Update,

    /// <summary>Status change that keeps the steps on the worklist (arrived, in progress).</summary>
    Progress,

    /// <summary>The order is done: steps leave the worklist as completed.</summary>
    Complete,

    /// <summary>Cancelled before it was performed: steps leave the worklist.</summary>
    Cancel,

    /// <summary>Stopped after it started: steps leave the worklist.</summary>
    Discontinue,
}
