using CloudRisPacs.Core.Pipeline;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// The identifiers of an order that the modality stamps into its images through the worklist must fit their DICOM VR
/// (PS3.5 table 6.2-1): Accession Number, Requested Procedure ID and Scheduled Procedure Step ID are SH (16 characters),
/// Scheduled Station AE Title is AE (16), and none may hold a backslash (it separates values) or a control character.
/// Cut or blanked at the edge, such an identifier would name another order or none and reconciliation would fail, so the
/// order is refused here and the RIS learns which field to correct (ERR 102, data type error).
/// </summary>
internal static class DicomIdentifierCheck
{
    private const int ShortStringLength = 16;

    /// <summary>Returns <paramref name="request"/>; throws <see cref="Hl7RejectionException"/> naming the first identifier DICOM cannot carry.</summary>
    public static OrderRequest Checked(OrderRequest request, Hl7FieldMap map, int group)
    {
        var accession = request.AccessionNumber;
        Check(accession, "accession number", "Accession Number (0008,0050) SH", map.AccessionNumber, group, accession);
        Check(request.RequestedProcedureId, "requested procedure id", "Requested Procedure ID (0040,1001) SH", map.RequestedProcedureId, group, accession);
        foreach (var step in request.Steps)
        {
            Check(step.StepId, "scheduled procedure step id", "Scheduled Procedure Step ID (0040,0009) SH", map.ScheduledProcedureStepId, group, accession);
            Check(step.StationAeTitle, "scheduled station AE title", "Scheduled Station AE Title (0040,0001) AE", map.ScheduledStationAeTitle, group, accession);
        }

        return request;
    }

    private static void Check(string? value, string what, string attribute, IReadOnlyList<string> locations, int group, string accession)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var problem = text.Length > ShortStringLength ? $"has {text.Length} characters, DICOM {attribute} holds at most {ShortStringLength}"
            : text.Contains('\\', StringComparison.Ordinal) ? $"contains a backslash, which DICOM {attribute} cannot hold"
            : text.Any(char.IsControl) ? $"contains a control character, which DICOM {attribute} cannot hold"
            : null;
        if (problem is not null)
        {
            throw new Hl7RejectionException(
                $"Order group {group}: {what} '{text}' ({string.Join(", ", locations)}) {problem}; the modality could not carry it into the images. " +
                "The order was not applied.", "102", accession);
        }
    }
}
