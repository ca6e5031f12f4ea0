using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// A worklist query as a source sees it: the identifier and who asks, plus the commonest keys already read out, so a
/// database-backed source can narrow its candidates (every candidate is still matched against the whole identifier).
/// A hint is null when the key is absent, empty, a wildcard or a list.
/// </summary>
public sealed record DicomWorklistQuery(DicomAssociationInfo Association, DicomDataset Identifier)
{
    private DicomDataset? Step => Identifier.GetFirstItem(DicomTag.ScheduledProcedureStepSequence);

    /// <summary>Scheduled Station AE Title (0040,0001) asked for, when it is a single exact value.</summary>
    public string? ScheduledStationAeTitle => Exact(Step, DicomTag.ScheduledStationAETitle);

    /// <summary>Modality (0008,0060) inside the Scheduled Procedure Step Sequence, when exact.</summary>
    public string? Modality => Exact(Step, DicomTag.Modality);

    public string? PatientId => Exact(Identifier, DicomTag.PatientID);

    public string? AccessionNumber => Exact(Identifier, DicomTag.AccessionNumber);

    /// <summary>The Scheduled Procedure Step Start Date range asked for (either end may be open), or null when not restricted.</summary>
    public (DateOnly? From, DateOnly? To)? ScheduledDates
    {
        get
        {
            var text = Step?.GetString(DicomTag.ScheduledProcedureStepStartDate)?.Trim();
            if (string.IsNullOrEmpty(text) || text.Contains('\\', StringComparison.Ordinal))
            {
                return null;
            }

            var dash = text.IndexOf('-', StringComparison.Ordinal);
            var left = dash < 0 ? text : text[..dash];
            var right = dash < 0 ? text : text[(dash + 1)..];
            DateOnly? from = DicomDate.TryParse(left, out var start) ? start.ToDateOnly() : null;
            DateOnly? to = DicomDate.TryParse(right, out var end) ? end.ToDateOnly() : null;
            return from is null && to is null ? null : (from, to);
        }
    }

    private static string? Exact(DicomDataset? keys, DicomTag tag)
    {
        var text = keys?.GetString(tag)?.Trim();
        return string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("*?\\") >= 0 ? null : text;
    }
}
