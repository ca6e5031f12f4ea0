using System.Globalization;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;

namespace CloudRisPacs.Core.Results;

/// <summary>
/// Walks a DICOM Structured Report's content tree (Content Sequence, depth first) and turns its TEXT, CODE, NUM,
/// PNAME, DATE and UIDREF items into report lines, each with its concept name (else its container's) as heading and
/// code, so the ORU can label the line with the SR's own code (121070 Findings, 121072 Impression, a LOINC section...).
/// Image references and other non-text items are skipped.
/// </summary>
public static class SrTextExtractor
{
    private const int MaxDepth = 32;

    public static IReadOnlyList<ReportLine> Extract(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var lines = new List<ReportLine>();
        Walk(dataset, Concept(dataset), lines, 0);
        return lines;
    }

    private static void Walk(DicomDataset node, Named? container, List<ReportLine> lines, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var item in node.GetSequence(DicomTag.ContentSequence)?.Items ?? [])
        {
            var concept = Concept(item);
            var name = concept?.Meaning;
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
                var label = concept ?? container;
                lines.Add(new ReportLine(label?.Meaning, type == "TEXT" || name is null ? text.Trim() : $"{name}: {text.Trim()}", label?.Code));
            }

            if (type == "CONTAINER" || item.GetSequence(DicomTag.ContentSequence) is not null)
            {
                Walk(item, type == "CONTAINER" ? concept ?? container : container, lines, depth + 1);
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

    private static Named? Concept(DicomDataset item)
    {
        var name = item.GetFirstItem(DicomTag.ConceptNameCodeSequence);
        var meaning = name?.GetString(DicomTag.CodeMeaning)?.Trim();
        if (name is null || meaning is null)
        {
            return null;
        }

        // Long codes (> 16 characters) are in Long Code Value, URNs in URN Code Value (PS3.3 8.8).
        var value = (name.GetString(DicomTag.CodeValue) ?? name.GetString(DicomTag.LongCodeValue) ?? name.GetString(DicomTag.URNCodeValue))?.Trim();
        var scheme = name.GetString(DicomTag.CodingSchemeDesignator)?.Trim();
        return new Named(meaning, value is { Length: > 0 } && scheme is { Length: > 0 } ? new DicomCode(value, scheme, meaning) : null);
    }

    private sealed record Named(string Meaning, DicomCode? Code);
}
