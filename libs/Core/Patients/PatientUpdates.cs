using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Worklist;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// Demographic updates: comparing, merging (a value not sent never erases a known one; an empty birth date or sex, HL7
/// <c>""</c> or sex U, does) and re-stamping steps.
/// </summary>
public static class PatientUpdates
{
    public static bool Differs(PatientDemographics current, PatientDemographics incoming)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(incoming);
        return current != Merge(current, incoming);
    }

    public static PatientDemographics Merge(PatientDemographics current, PatientDemographics incoming)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(incoming);
        return new PatientDemographics(
            incoming.Name.Length > 0 ? incoming.Name : current.Name,
            incoming.BirthDate ?? current.BirthDate,
            incoming.Sex ?? current.Sex);
    }

    /// <summary>Every step of the partition gets the patient's data and a new version; studies follow after the commit.</summary>
    public static void RestampSteps(PatientPartition partition, PatientRecord patient, Dictionary<string, StepRecord> steps, IngestionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var step in partition.Steps.Values)
        {
            var current = steps.GetValueOrDefault(step.ItemKey) ?? step;
            steps[step.ItemKey] = current with { Item = WorklistItemFactory.WithPatient(current.Item, patient) };
        }

        foreach (var study in partition.StudyLinks)
        {
            outcome.StudiesToPropagate.Add((partition.PatientKey, patient, study));
        }
    }
}
