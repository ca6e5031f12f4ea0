using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;

namespace CloudRisPacs.Core.Worklist;

/// <summary>Builds the worklist items (Modality Worklist attributes) of an order's steps, and re-stamps them on change.</summary>
public static class WorklistItemFactory
{
    public static string ItemKey(string orderKey, string stepId) => $"{orderKey}~{KeyPart.Encode(stepId)}";

    public static WorklistItem Create(PatientRecord patient, OrderRecord order, OrderRequest request, StepRequest step, long version, string status) => new()
    {
        ItemKey = ItemKey(order.OrderKey, step.StepId),
        Version = version,
        PatientName = patient.Demographics.Name,
        PatientId = patient.Identity.Id,
        IssuerOfPatientId = patient.Identity.Issuer.Length == 0 ? null : patient.Identity.Issuer,
        PatientBirthDate = Present(patient.Demographics.BirthDate),
        PatientSex = Present(patient.Demographics.Sex),
        AccessionNumber = order.AccessionNumber,
        RequestedProcedureId = order.RequestedProcedureId,
        RequestedProcedureDescription = request.RequestedProcedureDescription,
        RequestedProcedureCodes = request.RequestedProcedureCodes,
        StudyInstanceUid = order.StudyInstanceUid,
        ReferringPhysicianName = request.ReferringPhysicianName,
        Priority = request.Priority,
        ScheduledProcedureStepId = step.StepId,
        ScheduledProcedureStepDescription = step.Description,
        ScheduledProtocolCodes = step.ProtocolCodes,
        Modality = step.Modality,
        ScheduledStationAeTitle = step.StationAeTitle,
        ScheduledStationName = step.StationName,
        ScheduledPerformingPhysicianName = step.PerformingPhysicianName,
        ScheduledStartDate = step.StartDate,
        ScheduledStartTime = step.StartTime,
        Status = status,
        PlacerOrderNumber = order.PlacerOrderNumber,
        FillerOrderNumber = order.FillerOrderNumber,
    };

    /// <summary>The item with the patient's current identity and demographics, one version later.</summary>
    public static WorklistItem WithPatient(WorklistItem item, PatientRecord patient)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(patient);
        return item with
        {
            Version = item.Version + 1,
            PatientName = patient.Demographics.Name,
            PatientId = patient.Identity.Id,
            IssuerOfPatientId = patient.Identity.Issuer.Length == 0 ? null : patient.Identity.Issuer,
            PatientBirthDate = Present(patient.Demographics.BirthDate),
            PatientSex = Present(patient.Demographics.Sex),
        };
    }

    // A birth date the RIS deleted or a sex it reported unknown is empty in the patient row: the item leaves it out.
    private static string? Present(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
