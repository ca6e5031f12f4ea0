using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// A cached <see cref="WorklistItem"/> as a Modality Worklist data set (PS3.4 K.6, the Modality Worklist Information
/// Model): patient, visit, imaging service request and requested procedure attributes at the top level, one item in the
/// Scheduled Procedure Step Sequence. Written in UTF-8 (ISO_IR 192) because names come from many languages. A value
/// that its VR cannot hold is left empty rather than failing the whole query (the item still matches on the rest).
/// </summary>
public static class WorklistDataset
{
    public static DicomDataset From(WorklistItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var dataset = new DicomDataset().SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        Set(dataset, DicomTag.AccessionNumber, item.AccessionNumber);
        SetName(dataset, DicomTag.ReferringPhysicianName, item.ReferringPhysicianName);
        dataset.SetSequence(DicomTag.ReferencedStudySequence);
        dataset.SetSequence(DicomTag.ReferencedPatientSequence);
        SetName(dataset, DicomTag.PatientName, item.PatientName);
        Set(dataset, DicomTag.PatientID, item.PatientId);
        Set(dataset, DicomTag.IssuerOfPatientID, item.IssuerOfPatientId);
        Set(dataset, DicomTag.PatientBirthDate, item.PatientBirthDate);
        Set(dataset, DicomTag.PatientSex, item.PatientSex);
        Set(dataset, DicomTag.StudyInstanceUID, item.StudyInstanceUid);
        Set(dataset, DicomTag.RequestedProcedureDescription, item.RequestedProcedureDescription);
        SetCodes(dataset, DicomTag.RequestedProcedureCodeSequence, item.RequestedProcedureCodes);
        Set(dataset, DicomTag.RequestedProcedureID, item.RequestedProcedureId);
        Set(dataset, DicomTag.RequestedProcedurePriority, item.Priority);
        Set(dataset, DicomTag.PlacerOrderNumberImagingServiceRequest, item.PlacerOrderNumber);
        Set(dataset, DicomTag.FillerOrderNumberImagingServiceRequest, item.FillerOrderNumber);

        var step = new DicomDataset();
        Set(step, DicomTag.Modality, item.Modality);
        Set(step, DicomTag.ScheduledStationAETitle, item.ScheduledStationAeTitle);
        Set(step, DicomTag.ScheduledProcedureStepStartDate, item.ScheduledStartDate);
        Set(step, DicomTag.ScheduledProcedureStepStartTime, item.ScheduledStartTime);
        SetName(step, DicomTag.ScheduledPerformingPhysicianName, item.ScheduledPerformingPhysicianName);
        Set(step, DicomTag.ScheduledProcedureStepDescription, item.ScheduledProcedureStepDescription);
        SetCodes(step, DicomTag.ScheduledProtocolCodeSequence, item.ScheduledProtocolCodes);
        Set(step, DicomTag.ScheduledProcedureStepID, item.ScheduledProcedureStepId);
        Set(step, DicomTag.ScheduledStationName, item.ScheduledStationName);
        Set(step, DicomTag.ScheduledProcedureStepStatus, item.Status);
        dataset.SetSequence(DicomTag.ScheduledProcedureStepSequence, step);
        return dataset;
    }

    private static void Set(DicomDataset dataset, DicomTag tag, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            dataset.SetEmpty(tag);
            return;
        }

        try
        {
            dataset.SetString(tag, value.Trim());
        }
        catch (ArgumentException)
        {
            dataset.SetEmpty(tag);
        }
    }

    private static void SetName(DicomDataset dataset, DicomTag tag, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            dataset.SetEmpty(tag);
            return;
        }

        try
        {
            dataset.SetPersonName(tag, DicomPersonName.Parse(value.Trim()));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            dataset.SetEmpty(tag);
        }
    }

    private static void SetCodes(DicomDataset dataset, DicomTag tag, IReadOnlyList<DicomCode> codes)
    {
        var items = codes.Select(code =>
        {
            var item = new DicomDataset();
            Set(item, DicomTag.CodeValue, code.Value);
            Set(item, DicomTag.CodingSchemeDesignator, code.Scheme);
            Set(item, DicomTag.CodeMeaning, code.Meaning);
            return item;
        }).ToArray();
        dataset.SetSequence(tag, items);
    }
}
