using System.Globalization;
using CloudRisPacs.Dicom;

namespace CloudRisPacs.Core.Results;

/// <summary>
/// Walks a DICOM Structured Report's content tree (Content Sequence, depth first) and turns its TEXT, CODE, NUM,
/// PNAME, DATE and UIDREF items into report lines, each with the concept name of its container as heading. Image
/// references and other non-text items are skipped.
/// </summary>
public static class SrTextExtractor
{
    private const int MaxDepth = 32;

    public static IReadOnlyList<ReportLine> Extract(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var lines = new List<ReportLine>();
        Walk(dataset, Meaning(dataset), lines, 0);
        return lines;
    }

    private static void Walk(DicomDataset node, string? heading, List<ReportLine> lines, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var item in node.GetSequence(DicomTag.ContentSequence)?.Items ?? [])
        {
            var name = Meaning(item);
            var type = item.GetString(DicomTag.ValueType)?.Trim();
            string? text = type switch
            {
                "TEXT" => item.GetString(DicomTag.TextValue),
                "CODE" => item.GetFirstItem(DicomTag.ConceptCodeSequence)?.GetString(DicomTag.CodeMeaning),
                "NUM" => Number(item),
                "PNAME" => item.GetString(DicomTag.PersonName),
                "DATE" => item.GetString(DicomTag.Date),
                "UIDREF" => item.GetString(DicomTag.UID),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text))
            {
                lines.Add(new ReportLine(name ?? heading, type == "TEXT" || name is null ? text.Trim() : $"{name}: {text.Trim()}"));
            }

            if (type == "CONTAINER" || item.GetSequence(DicomTag.ContentSequence) is not null)
            {
                Walk(item, type == "CONTAINER" ? name ?? heading : heading, lines, depth + 1);
            }
        }
    }

    private static string? Number(DicomDataset item)
    {
        var measured = item.GetFirstItem(DicomTag.MeasuredValueSequence);
        var value = measured?.GetString(DicomTag.NumericValue);
        var unit = measured?.GetFirstItem(DicomTag.MeasurementUnitsCodeSequence)?.GetString(DicomTag.CodeValue);
        return value is null ? null : string.Create(CultureInfo.InvariantCulture, $"{value.Trim()} {unit}").Trim();
    }

    private static string? Meaning(DicomDataset item) => item.GetFirstItem(DicomTag.ConceptNameCodeSequence)?.GetString(DicomTag.CodeMeaning)?.Trim();
}
