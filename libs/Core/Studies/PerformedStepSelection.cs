using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// Which of the worklist steps found for an MPPS (by accession or scheduled study) it performed. An OMI with several
/// IPC segments, or several orders under one accession, schedules steps for different modalities: the CT's MPPS must
/// not take the MR's step off the MR's worklist. The MPPS names its steps in the Scheduled Step Attributes Sequence.
/// </summary>
public static class PerformedStepSelection
{
    /// <summary>
    /// The steps of <paramref name="candidates"/> (every step of the orders found, done ones too, so that an MPPS naming a
    /// finished step is not mistaken for one naming nothing known) that <paramref name="references"/> (the items of the
    /// MPPS referring to the accession or study the candidates were found by) name by Requested Procedure ID and
    /// Scheduled Procedure Step ID. All candidates when an item names neither ID (it refers to the whole accession or
    /// study), when there are no items (an older agent's body), or when no step carries the IDs named: a modality that
    /// invents its own step IDs still completes its order, as it did before the IDs were looked at.
    /// </summary>
    public static IReadOnlyList<StepRecord> Select(IReadOnlyList<StepRecord> candidates, IReadOnlyList<MppsScheduledStep> references)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var named = SelectNamed(candidates, references, step => step.Item);
        return named.Count == 0 ? candidates : named;
    }

    /// <summary>
    /// Like <see cref="Select"/> but without the fall-back: IDs no candidate carries select nothing. For the edge's own
    /// early marks, where a wrong mark is worse than none (the cloud's answer follows).
    /// </summary>
    public static IReadOnlyList<T> SelectNamed<T>(IReadOnlyList<T> candidates, IReadOnlyList<MppsScheduledStep> references, Func<T, WorklistItem> itemOf)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(itemOf);
        if (references.Count == 0 || references.Any(r => r.RequestedProcedureId is null && r.ScheduledProcedureStepId is null))
        {
            return candidates;
        }

        return candidates.Where(candidate => references.Any(reference => Names(reference, itemOf(candidate)))).ToList();
    }

    /// <summary>The items of <paramref name="mpps"/> that refer to <paramref name="accession"/>.</summary>
    public static IReadOnlyList<MppsScheduledStep> ReferencesToAccession(MppsEvent mpps, string accession)
    {
        ArgumentNullException.ThrowIfNull(mpps);
        return mpps.ScheduledSteps.Where(s => s.AccessionNumber == accession).ToList();
    }

    /// <summary>
    /// The items of <paramref name="mpps"/> that refer to <paramref name="studyInstanceUid"/> and are to be found by it:
    /// those whose accession is missing or was not found (<paramref name="foundAccessions"/>). Null when every item
    /// referring to the study named an accession that was found: such an item speaks for its accession only, not for
    /// another order that shares its study. Empty (every step of the study's orders) for a body without items.
    /// </summary>
    public static IReadOnlyList<MppsScheduledStep>? ReferencesToStudy(MppsEvent mpps, string studyInstanceUid, IReadOnlySet<string> foundAccessions)
    {
        ArgumentNullException.ThrowIfNull(mpps);
        ArgumentNullException.ThrowIfNull(foundAccessions);
        var items = mpps.ScheduledSteps.Where(s => s.StudyInstanceUid == studyInstanceUid).ToList();
        var unresolved = items.Where(i => i.AccessionNumber is null || !foundAccessions.Contains(i.AccessionNumber)).ToList();
        return items.Count > 0 && unresolved.Count == 0 ? null : unresolved;
    }

    private static bool Names(MppsScheduledStep reference, WorklistItem item) =>
        (reference.RequestedProcedureId is null || Same(reference.RequestedProcedureId, item.RequestedProcedureId))
        && (reference.ScheduledProcedureStepId is null || Same(reference.ScheduledProcedureStepId, item.ScheduledProcedureStepId));

    private static bool Same(string named, string? scheduled) => string.Equals(named, scheduled?.Trim(), StringComparison.Ordinal);
}
