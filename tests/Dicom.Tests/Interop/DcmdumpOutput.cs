using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudRisPacs.Dicom.Tests.Interop;

/// <summary>Parses dcmdump's printout (one file) into trees of meta information and data set lines by indentation.</summary>
public static partial class DcmdumpOutput
{
    public static (List<DcmdumpNode> Meta, List<DcmdumpNode> Dataset) Parse(string text)
    {
        var meta = new List<DcmdumpNode>();
        var dataset = new List<DcmdumpNode>();
        var target = meta;
        var stack = new List<(int Indent, DcmdumpNode Node)>();
        string? pending = null;
        foreach (var raw in text.Split('\n'))
        {
            // A text value with line breaks continues on the following lines.
            var line = pending is null ? raw : pending + "\n" + raw;
            pending = null;
            if (!LinePattern().IsMatch(line) && LineStart().IsMatch(line))
            {
                pending = line;
                continue;
            }

            if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
            {
                target = dataset;
                stack.Clear();
                continue;
            }

            var match = LinePattern().Match(line);
            if (!match.Success || line.Contains("for re-encoding", StringComparison.Ordinal) || match.Groups["g"].Value == "fffe" && match.Groups["e"].Value is "e00d" or "e0dd")
            {
                continue;
            }

            var indent = match.Groups["indent"].Length;
            var node = new DcmdumpNode(
                new DicomTag(ushort.Parse(match.Groups["g"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), ushort.Parse(match.Groups["e"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                match.Groups["vr"].Value,
                match.Groups["value"].Value.TrimEnd(),
                match.Groups["len"].Value == "u/l" ? -1 : long.Parse(match.Groups["len"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["vm"].Value, CultureInfo.InvariantCulture),
                line);
            while (stack.Count > 0 && stack[^1].Indent >= indent)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            (stack.Count == 0 ? target : stack[^1].Node.Children).Add(node);
            stack.Add((indent, node));
        }

        return (meta, dataset);
    }

    [GeneratedRegex(@"^(?<indent>\s*)\((?<g>[0-9a-f]{4}),(?<e>[0-9a-f]{4})\) (?<vr>\S\S) (?<value>(?s:.*?))\s*#\s*(?<len>\d+|u/l),\s*(?<vm>\d+) .+$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^\s*\([0-9a-f]{4},[0-9a-f]{4}\) \S\S ")]
    private static partial Regex LineStart();
}
