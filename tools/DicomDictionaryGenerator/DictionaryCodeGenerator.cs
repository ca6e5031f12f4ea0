using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudRisPacs.Tools.DicomDictionaryGenerator;

/// <summary>
/// Turns the dictionary TSV files into C#: the element and private tables as checked TSV text the library parses at
/// first use (cheap to load, no giant static constructor), plus one <c>DicomTag</c> property per keyword and one
/// <c>DicomUid</c> constant per registered UID.
/// </summary>
public static partial class DictionaryCodeGenerator
{
    private static readonly HashSet<string> KnownVRs = new(StringComparer.Ordinal)
    {
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN",
        "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV", "NONE",
    };

    // Members of DicomTag and DicomUid that a generated constant must not hide.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "Value", "Group", "Element", "IsPrivate", "IsPrivateCreator", "IsPrivateData", "IsGroupLength", "PrivateCreatorTag",
        "Keyword", "Parse", "TryParse", "Equals", "GetHashCode", "ToString", "CompareTo", "TryFormat", "Name", "Type",
        "IsRetired", "IsRegistered", "Registered", "Lookup", "FindRegistered", "IsValid", "Generate",
    };

    /// <summary>The generated files by name.</summary>
    public static IReadOnlyDictionary<string, string> Generate(string inputDirectory)
    {
        var elements = ReadTsv(Path.Combine(inputDirectory, "elements.tsv"), 7);
        var uids = ReadTsv(Path.Combine(inputDirectory, "uids.tsv"), 5);
        var privateElements = ReadTsv(Path.Combine(inputDirectory, "private-elements.tsv"), 6);
        Validate(elements, privateElements);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["DicomDictionaryData.g.cs"] = DataFile(elements, privateElements),
            ["DicomTag.Keywords.g.cs"] = TagConstants(elements),
            ["DicomUid.Registry.g.cs"] = UidConstants(uids),
        };
    }

    private static List<string[]> ReadTsv(string path, int columns)
    {
        var rows = new List<string[]>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != columns)
            {
                throw new InvalidDataException($"{path}:{number}: expected {columns} tab-separated fields, found {fields.Length}.");
            }

            rows.Add(fields);
        }

        return rows;
    }

    private static void Validate(List<string[]> elements, List<string[]> privateElements)
    {
        foreach (var row in elements)
        {
            if (!TagPattern().IsMatch(row[0]))
            {
                throw new InvalidDataException($"elements.tsv: bad tag '{row[0]}'.");
            }

            CheckVRs(row[1], row[0]);
            CheckMultiplicity(row[2], row[0]);
        }

        foreach (var row in privateElements)
        {
            if (!PrivateTagPattern().IsMatch(row[1]))
            {
                throw new InvalidDataException($"private-elements.tsv: bad tag '{row[1]}' of '{row[0]}'.");
            }

            CheckVRs(row[2], row[1]);
            CheckMultiplicity(row[3], row[1]);
        }
    }

    private static void CheckVRs(string vrs, string tag)
    {
        if (!vrs.Split('/').All(KnownVRs.Contains))
        {
            throw new InvalidDataException($"{tag}: unknown VR '{vrs}'.");
        }
    }

    private static void CheckMultiplicity(string vm, string tag)
    {
        if (!MultiplicityPattern().IsMatch(vm))
        {
            throw new InvalidDataException($"{tag}: bad VM '{vm}'.");
        }
    }

    private static string DataFile(List<string[]> elements, List<string[]> privateElements)
    {
        var text = new StringBuilder();
        text.AppendLine(Header("elements.tsv and private-elements.tsv"));
        text.AppendLine("namespace CloudRisPacs.Dicom;");
        text.AppendLine();
        text.AppendLine("internal static class DicomDictionaryData");
        text.AppendLine("{");
        text.AppendLine("    /// <summary>Tag, VR(s), VM, keyword, name, retired, source: one public element per line.</summary>");
        AppendTable(text, "Elements", elements);
        text.AppendLine();
        text.AppendLine("    /// <summary>Creator, tag, VR(s), VM, name, retired: one private element per line.</summary>");
        AppendTable(text, "PrivateElements", privateElements);
        text.AppendLine("}");
        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, string name, List<string[]> rows)
    {
        text.Append("    internal const string ").Append(name).AppendLine(" = \"\"\"\"");
        foreach (var row in rows)
        {
            text.Append("        ").AppendLine(string.Join('\t', row));
        }

        text.AppendLine("        \"\"\"\";");
    }

    private static string TagConstants(List<string[]> elements)
    {
        var text = new StringBuilder();
        text.AppendLine(Header("elements.tsv"));
        text.AppendLine("namespace CloudRisPacs.Dicom;");
        text.AppendLine();
        text.AppendLine("public readonly partial struct DicomTag");
        text.AppendLine("{");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in elements)
        {
            var keyword = row[3];
            if (keyword.Length == 0)
            {
                continue;
            }

            CheckIdentifier(keyword, seen);
            var value = string.Concat(row[0].AsSpan(1, 4), row[0].AsSpan(6, 4));
            var repeating = value.Contains('x', StringComparison.Ordinal);
            var retired = row[5] == "Y" ? ", retired" : string.Empty;
            var summary = repeating
                ? $"{row[0]} {Escape(row[4])} ({row[1]}, VM {row[2]}{retired}); the first group of the repeating group."
                : $"{row[0]} {Escape(row[4])} ({row[1]}, VM {row[2]}{retired}).";
            text.AppendLine(CultureInfo.InvariantCulture, $"    /// <summary>{summary}</summary>");
            text.AppendLine(CultureInfo.InvariantCulture, $"    public static DicomTag {keyword} => new(0x{value.Replace('x', '0')}u);");
            text.AppendLine();
        }

        TrimLastBlankLine(text);
        text.AppendLine("}");
        return text.ToString();
    }

    private static string UidConstants(List<string[]> uids)
    {
        var text = new StringBuilder();
        text.AppendLine(Header("uids.tsv"));
        text.AppendLine("namespace CloudRisPacs.Dicom;");
        text.AppendLine();
        text.AppendLine("public sealed partial class DicomUid");
        text.AppendLine("{");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var row in uids)
        {
            var (value, name, type, keyword, retired) = (row[0], row[1], row[2], row[3], row[4] == "Y");
            if (keyword.Length == 0)
            {
                continue;
            }

            CheckIdentifier(keyword, seen);
            names.Add(keyword);
            text.AppendLine(CultureInfo.InvariantCulture, $"    /// <summary>{value} {Escape(name)} ({Escape(type)}{(retired ? ", retired" : string.Empty)}).</summary>");
            text.AppendLine(CultureInfo.InvariantCulture, $"    public static DicomUid {keyword} {{ get; }} = new(\"{value}\", \"{name.Replace("\"", "\\\"", StringComparison.Ordinal)}\", ParseType(\"{type}\"), \"{keyword}\", {(retired ? "true" : "false")});");
            text.AppendLine();
        }

        text.AppendLine("    private static DicomUid[] RegisteredUids() =>");
        text.AppendLine("    [");
        foreach (var name in names)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"        {name},");
        }

        text.AppendLine("    ];");
        text.AppendLine("}");
        return text.ToString();
    }

    private static void CheckIdentifier(string keyword, HashSet<string> seen)
    {
        if (!IdentifierPattern().IsMatch(keyword) || ReservedNames.Contains(keyword) || !seen.Add(keyword))
        {
            throw new InvalidDataException($"Keyword '{keyword}' is not usable as a unique C# member name.");
        }
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static void TrimLastBlankLine(StringBuilder text)
    {
        var newline = Environment.NewLine;
        if (text.Length >= 2 * newline.Length && text.ToString(text.Length - (2 * newline.Length), 2 * newline.Length) == newline + newline)
        {
            text.Length -= newline.Length;
        }
    }

    private static string Header(string source) =>
        string.Create(CultureInfo.InvariantCulture, $"// <auto-generated>\n// Generated by tools/DicomDictionaryGenerator from input/{source}; do not edit.\n// Regenerate: dotnet run --project tools/DicomDictionaryGenerator\n// </auto-generated>\n#nullable enable\n");

    [GeneratedRegex(@"^\([0-9A-Fx]{4},[0-9A-Fx]{4}\)$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^\([0-9A-F]{4},xx[0-9A-F]{2}\)$")]
    private static partial Regex PrivateTagPattern();

    [GeneratedRegex(@"^\d+(-(\d+|\d*n))?$")]
    private static partial Regex MultiplicityPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
