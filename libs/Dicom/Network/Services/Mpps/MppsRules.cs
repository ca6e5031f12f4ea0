using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.Mpps;

/// <summary>The attribute requirements of PS3.4 table F.7.2-1 that decide whether an N-CREATE or N-SET is acceptable.</summary>
internal static class MppsRules
{
    /// <summary>Type 1 for the SCU in N-CREATE.</summary>
    public static readonly DicomTag[] RequiredAtCreate =
    [
        DicomTag.ScheduledStepAttributesSequence,
        DicomTag.PerformedProcedureStepID,
        DicomTag.PerformedStationAETitle,
        DicomTag.PerformedProcedureStepStartDate,
        DicomTag.PerformedProcedureStepStartTime,
        DicomTag.PerformedProcedureStepStatus,
        DicomTag.Modality,
    ];

    /// <summary>"Not allowed" in N-SET: identity of the patient, the step and where and when it started.</summary>
    public static readonly DicomTag[] NotSettable =
    [
        DicomTag.ScheduledStepAttributesSequence,
        DicomTag.PatientName,
        DicomTag.PatientID,
        DicomTag.PatientBirthDate,
        DicomTag.PatientSex,
        DicomTag.ReferencedPatientSequence,
        DicomTag.PerformedProcedureStepID,
        DicomTag.PerformedStationAETitle,
        DicomTag.PerformedStationName,
        DicomTag.PerformedLocation,
        DicomTag.PerformedProcedureStepStartDate,
        DicomTag.PerformedProcedureStepStartTime,
        DicomTag.Modality,
        DicomTag.StudyID,
    ];

    /// <summary>Type 1 once the status is COMPLETED or DISCONTINUED (the final state requirements).</summary>
    public static readonly DicomTag[] RequiredWhenFinal =
    [
        DicomTag.PerformedProcedureStepEndDate,
        DicomTag.PerformedProcedureStepEndTime,
        DicomTag.PerformedSeriesSequence,
    ];

    /// <summary>Throws the failure for the first required attribute that is missing (0120) or empty (0121).</summary>
    public static void RequirePresent(DicomDataset attributes, IEnumerable<DicomTag> tags, string when)
    {
        foreach (var tag in tags)
        {
            switch (attributes.GetEntry(tag))
            {
                case null:
                    throw new DicomServiceException(DicomStatus.MissingAttribute, $"{tag} {DicomDictionary.Describe(tag)} is required {when}.") { OffendingElements = [tag] };
                case DicomElement { Length: 0 }:
                case DicomSequence { Items.Count: 0 }:
                    throw new DicomServiceException(DicomStatus.MissingAttributeValue, $"{tag} {DicomDictionary.Describe(tag)} needs a value {when}.") { OffendingElements = [tag] };
            }
        }
    }

    /// <summary>Whether an N-SET entry changes what is stored (sending an unchanged value again is tolerated).</summary>
    public static bool Changes(DicomEntry modification, DicomDataset current)
    {
        var existing = current.GetEntry(modification.Tag);
        return (modification, existing) switch
        {
            (DicomElement a, DicomElement b) => !a.Value.Span.SequenceEqual(b.Value.Span) && (!a.ValueVR.IsText || a.GetText(current.CharacterSet) != b.GetText(current.CharacterSet)),
            (DicomElement { Length: 0 }, null) => false,
            (DicomSequence a, DicomSequence b) => !Encoded(a).AsSpan().SequenceEqual(Encoded(b)),
            _ => true,
        };
    }

    private static byte[] Encoded(DicomSequence sequence) =>
        IO.DicomDatasetWriter.Encode(new DicomDataset([sequence.Clone()]), DicomTransferSyntax.ExplicitVRLittleEndian, new IO.DicomWriterOptions { UseDefinedLengths = true });
}
