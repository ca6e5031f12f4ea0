using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Edge.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// A cached <see cref="WorklistItem"/> as a Modality Worklist data set (PS3.4 K.6, the Modality Worklist Information
/// Model): patient, visit, imaging service request and requested procedure attributes at the top level, one item in the
/// Scheduled Procedure Step Sequence. Written in UTF-8 (ISO_IR 192) because names come from many languages. A
/// descriptive value too long for its VR (a description, a name) is cut to fit, with a warning; an identifier its VR
/// cannot hold (an accession number over 16 characters) cannot be cut without naming something else, so it is served
/// empty and logged as an error naming the item and the attribute. The cloud refuses such orders, so only an item
/// cached before it did can have one.
/// </summary>
public static class WorklistDataset
{
    public static DicomDataset From(WorklistItem item, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        var values = new Values(item.ItemKey, logger ?? NullLogger.Instance);
        var dataset = new DicomDataset().SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        values.Identifier(dataset, DicomTag.AccessionNumber, item.AccessionNumber);
        values.Name(dataset, DicomTag.ReferringPhysicianName, item.ReferringPhysicianName);
        dataset.SetSequence(DicomTag.ReferencedStudySequence);
        dataset.SetSequence(DicomTag.ReferencedPatientSequence);
        values.Name(dataset, DicomTag.PatientName, item.PatientName);
        values.Identifier(dataset, DicomTag.PatientID, item.PatientId);
        values.Identifier(dataset, DicomTag.IssuerOfPatientID, item.IssuerOfPatientId);
        values.Identifier(dataset, DicomTag.PatientBirthDate, item.PatientBirthDate);
        values.Identifier(dataset, DicomTag.PatientSex, item.PatientSex);
        values.Identifier(dataset, DicomTag.StudyInstanceUID, item.StudyInstanceUid);
        values.Text(dataset, DicomTag.RequestedProcedureDescription, item.RequestedProcedureDescription);
        values.Codes(dataset, DicomTag.RequestedProcedureCodeSequence, item.RequestedProcedureCodes);
        values.Identifier(dataset, DicomTag.RequestedProcedureID, item.RequestedProcedureId);
        values.Identifier(dataset, DicomTag.RequestedProcedurePriority, item.Priority);
        values.Identifier(dataset, DicomTag.PlacerOrderNumberImagingServiceRequest, item.PlacerOrderNumber);
        values.Identifier(dataset, DicomTag.FillerOrderNumberImagingServiceRequest, item.FillerOrderNumber);

        var step = new DicomDataset();
        values.Identifier(step, DicomTag.Modality, item.Modality);
        values.Identifier(step, DicomTag.ScheduledStationAETitle, item.ScheduledStationAeTitle);
        values.Identifier(step, DicomTag.ScheduledProcedureStepStartDate, item.ScheduledStartDate);
        values.Identifier(step, DicomTag.ScheduledProcedureStepStartTime, item.ScheduledStartTime);
        values.Name(step, DicomTag.ScheduledPerformingPhysicianName, item.ScheduledPerformingPhysicianName);
        values.Text(step, DicomTag.ScheduledProcedureStepDescription, item.ScheduledProcedureStepDescription);
        values.Codes(step, DicomTag.ScheduledProtocolCodeSequence, item.ScheduledProtocolCodes);
        values.Identifier(step, DicomTag.ScheduledProcedureStepID, item.ScheduledProcedureStepId);
        values.Text(step, DicomTag.ScheduledStationName, item.ScheduledStationName);
        values.Identifier(step, DicomTag.ScheduledProcedureStepStatus, item.Status);
        dataset.SetSequence(DicomTag.ScheduledProcedureStepSequence, step);
        return dataset;
    }

    /// <summary>Writes one item's values, fitting or reporting what its VR cannot hold.</summary>
    private sealed class Values(string itemKey, ILogger logger)
    {
        public void Identifier(DicomDataset dataset, DicomTag tag, string? value)
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
            catch (ArgumentException ex)
            {
                EdgeLog.WorklistValueUnusable(logger, itemKey, Describe(tag), ex.Message);
                dataset.SetEmpty(tag);
            }
        }

        public void Text(DicomDataset dataset, DicomTag tag, string? value) => Fitted(dataset, tag, value, DescriptiveText.Fit);

        public void Name(DicomDataset dataset, DicomTag tag, string? value) => Fitted(dataset, tag, value, DescriptiveText.FitName);

        public void Codes(DicomDataset dataset, DicomTag tag, IReadOnlyList<DicomCode> codes)
        {
            var items = codes.Select(code =>
            {
                var item = new DicomDataset();
                Identifier(item, DicomTag.CodeValue, code.Value);
                Identifier(item, DicomTag.CodingSchemeDesignator, code.Scheme);
                Text(item, DicomTag.CodeMeaning, code.Meaning);
                return item;
            }).ToArray();
            dataset.SetSequence(tag, items);
        }

        private static string Describe(DicomTag tag) => $"{DicomDictionary.Describe(tag)} {tag}";

        private void Fitted(DicomDataset dataset, DicomTag tag, string? value, Func<string, int, string> fit)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                dataset.SetEmpty(tag);
                return;
            }

            var text = value.Trim();
            var fitted = fit(text, DicomDictionary.Find(tag)?.VR.MaxLength ?? 64);
            if (!string.Equals(fitted, text, StringComparison.Ordinal))
            {
                EdgeLog.WorklistValueShortened(logger, itemKey, Describe(tag), text.Length, fitted.Length);
            }

            Identifier(dataset, tag, fitted);
        }
    }
}
