namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// One item of an MPPS's Scheduled Step Attributes Sequence: a scheduled procedure step the performed step fulfils
/// (several in the IHE group case). Any part may be missing: an unscheduled step names none of them.
/// </summary>
public sealed record MppsScheduledStep
{
    public string? AccessionNumber { get; init; }

    public string? StudyInstanceUid { get; init; }

    public string? RequestedProcedureId { get; init; }

    public string? ScheduledProcedureStepId { get; init; }
}
