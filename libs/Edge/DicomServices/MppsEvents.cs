using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.Json;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// Turns an MPPS N-CREATE or N-SET data set (after the SCP merged it) into the <c>dicom.mpps</c> body: the attributes the
/// pipeline acts on, plus the whole data set as DICOM JSON so the cloud keeps everything the modality sent.
/// </summary>
public static class MppsEvents
{
    public static MppsEvent From(string mppsInstanceUid, string operation, DicomDataset attributes, string? callingAeTitle, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var scheduled = attributes.GetSequence(DicomTag.ScheduledStepAttributesSequence)?.Items ?? [];
        return new MppsEvent
        {
            MppsInstanceUid = mppsInstanceUid,
            Operation = operation,
            Status = attributes.GetString(DicomTag.PerformedProcedureStepStatus)?.Trim() ?? string.Empty,
            AccessionNumbers = Distinct(scheduled.Select(s => s.GetString(DicomTag.AccessionNumber))),
            StudyInstanceUids = Distinct(scheduled.Select(s => s.GetString(DicomTag.StudyInstanceUID))),
            ScheduledSteps = scheduled.Select(s => new MppsScheduledStep
            {
                AccessionNumber = Trimmed(s.GetString(DicomTag.AccessionNumber)),
                StudyInstanceUid = Trimmed(s.GetString(DicomTag.StudyInstanceUID)),
                RequestedProcedureId = Trimmed(s.GetString(DicomTag.RequestedProcedureID)),
                ScheduledProcedureStepId = Trimmed(s.GetString(DicomTag.ScheduledProcedureStepID)),
            }).ToList(),
            PatientId = Trimmed(attributes.GetString(DicomTag.PatientID)),
            Modality = Trimmed(attributes.GetString(DicomTag.Modality)),
            PerformedStationAeTitle = Trimmed(attributes.GetString(DicomTag.PerformedStationAETitle)),
            ReferencedInstances = ReferencedInstances(attributes),
            Attributes = DicomJsonWriter.Serialize(attributes),
            CallingAeTitle = Trimmed(callingAeTitle),
            ReceivedAt = receivedAt,
        };
    }

    private static List<SopInstanceReference> ReferencedInstances(DicomDataset attributes)
    {
        var series = attributes.GetSequence(DicomTag.PerformedSeriesSequence)?.Items ?? [];
        return series
            .SelectMany(s => (s.GetSequence(DicomTag.ReferencedImageSequence)?.Items ?? [])
                .Concat(s.GetSequence(DicomTag.ReferencedNonImageCompositeSOPInstanceSequence)?.Items ?? []))
            .Select(r => new SopInstanceReference(Trimmed(r.GetString(DicomTag.ReferencedSOPClassUID)) ?? string.Empty,
                Trimmed(r.GetString(DicomTag.ReferencedSOPInstanceUID)) ?? string.Empty))
            .Where(r => r.SopInstanceUid.Length > 0)
            .ToList();
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        values.Select(Trimmed).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('\0');
}
