namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// One line of the ORC-1 (order control) + ORC-5 (order status) → step status table. <see cref="OrderStatus"/> of
/// <c>*</c> matches any status, an empty string matches an empty ORC-5. <see cref="StepStatus"/> is the DICOM
/// Scheduled Procedure Step Status (SCHEDULED, ARRIVED, READY, STARTED, COMPLETED, DISCONTINUED, CANCELLED), or null
/// for "keep the current status" (an update that does not say).
/// </summary>
public sealed record OrderStatusRule(string OrderControl, string OrderStatus, StepAction Action, string? StepStatus)
{
    public const string AnyStatus = "*";
}
