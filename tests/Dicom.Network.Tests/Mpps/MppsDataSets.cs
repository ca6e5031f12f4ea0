namespace CloudRisPacs.Dicom.Network.Tests.Mpps;

/// <summary>N-CREATE and N-SET data sets as a modality sends them (PS3.4 table F.7.2-1).</summary>
public static class MppsDataSets
{
    public static DicomDataset Create(string status = "IN PROGRESS")
    {
        var attributes = new DicomDataset()
            .SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100")
            .SetPersonName(DicomTag.PatientName, new DicomPersonName("Doe", "Jane"))
            .SetString(DicomTag.PatientID, "P-1")
            .SetEmpty(DicomTag.PatientBirthDate)
            .SetEmpty(DicomTag.PatientSex)
            .SetString(DicomTag.PerformedProcedureStepID, "PPS-1")
            .SetString(DicomTag.PerformedStationAETitle, "MODALITY1")
            .SetString(DicomTag.PerformedStationName, "CT ROOM 1")
            .SetString(DicomTag.PerformedLocation, "RADIOLOGY")
            .SetString(DicomTag.PerformedProcedureStepStartDate, "20240315")
            .SetString(DicomTag.PerformedProcedureStepStartTime, "101500")
            .SetString(DicomTag.PerformedProcedureStepStatus, status)
            .SetString(DicomTag.Modality, "CT")
            .SetEmpty(DicomTag.StudyID)
            .SetEmpty(DicomTag.PerformedProcedureStepEndDate)
            .SetEmpty(DicomTag.PerformedProcedureStepEndTime)
            .SetString(DicomTag.PerformedProcedureStepDescription, "CT HEAD");
        attributes.SetSequence(DicomTag.ScheduledStepAttributesSequence, new DicomDataset()
            .SetString(DicomTag.StudyInstanceUID, "1.2.3.4.5")
            .SetString(DicomTag.AccessionNumber, "ACC-1")
            .SetString(DicomTag.ScheduledProcedureStepID, "SPS-1"));
        attributes.SetSequence(DicomTag.PerformedSeriesSequence);
        return attributes;
    }

    public static DicomDataset Complete(string status = "COMPLETED")
    {
        var modifications = new DicomDataset()
            .SetString(DicomTag.PerformedProcedureStepStatus, status)
            .SetString(DicomTag.PerformedProcedureStepEndDate, "20240315")
            .SetString(DicomTag.PerformedProcedureStepEndTime, "103000");
        modifications.SetSequence(DicomTag.PerformedSeriesSequence, new DicomDataset()
            .SetString(DicomTag.SeriesInstanceUID, "1.2.3.4.5.6")
            .SetString(DicomTag.RetrieveAETitle, "PACS")
            .SetEmpty(DicomTag.ReferencedImageSequence));
        return modifications;
    }
}
