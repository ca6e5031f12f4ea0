namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>Choices PS3.4 leaves to the SCP when matching C-FIND keys.</summary>
public sealed class DicomQueryMatchingOptions
{
    /// <summary>
    /// Person names compared without regard to case (PS3.4 C.2.2.2.1 allows it; modality users type "doe^jane").
    /// Default true. Other VRs are always case-sensitive.
    /// </summary>
    public bool PersonNameCaseInsensitive { get; set; } = true;

    /// <summary>
    /// Most matches one C-FIND returns. After that many the query ends with A700 (Refused: Out of Resources, PS3.4
    /// C.4.1.1.4) and an error comment asking for a narrower query, so that neither the modality nor its user takes a
    /// cut list for the whole worklist (a Success after a silent cut would say it is complete). Null (default): no limit.
    /// </summary>
    public int? MaxMatches { get; set; }

    /// <summary>
    /// Date and time attributes matched together as one date-time range when both carry a value (PS3.4 K.2.2.1.2 /
    /// K.5.1: the worklist's reserved "date-time matching" byte is always 1): Scheduled Procedure Step Start and End.
    /// </summary>
    public IList<(DicomTag Date, DicomTag Time)> CombinedDateTimePairs { get; } =
    [
        (DicomTag.ScheduledProcedureStepStartDate, DicomTag.ScheduledProcedureStepStartTime),
        (DicomTag.ScheduledProcedureStepEndDate, DicomTag.ScheduledProcedureStepEndTime),
    ];
}
