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

    /// <summary>
    /// The Scheduled Procedure Step Start Date range asked for (either end may be open), or null when not restricted. With
    /// a start time range across midnight ("2200-0200") the combined date-time match runs into the next day, so the last
    /// date is a day later here too: a night-shift item at 01:00 on the 16th must reach the matcher.
    /// </summary>
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
            if (to is { } last && CrossesMidnight(Step?.GetString(DicomTag.ScheduledProcedureStepStartTime)))
            {
                to = last.AddDays(1);
            }

            return from is null && to is null ? null : (from, to);
        }
    }

    private static bool CrossesMidnight(string? timeKey)
    {
        var text = timeKey?.Trim();
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash > 0 && !text!.Contains('\\', StringComparison.Ordinal)
            && DicomTime.TryParse(text[..dash].Trim(), out var from) && DicomTime.TryParse(text[(dash + 1)..].Trim(), out var to)
            && from.ToTimeOnly() > to.ToTimeOnly();
    }

    private static string? Exact(DicomDataset? keys, DicomTag tag)
    {
        var text = keys?.GetString(tag)?.Trim();
        return string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("*?\\") >= 0 ? null : text;
    }
}
