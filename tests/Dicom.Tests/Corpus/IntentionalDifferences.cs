using System.Text.Json.Nodes;

namespace CloudRisPacs.Dicom.Tests.Corpus;

public enum ExpectedOutcome
{
    /// <summary>Read and compared element by element.</summary>
    Comparable,

    /// <summary>We throw DicomParseException (the input is broken); pydicom reads it anyway.</summary>
    ParseException,
}

/// <summary>A value difference we intend, with the reason.</summary>
public sealed record ValueDifferenceRule(string Name, string Reason, Func<string, string, JsonNode?, JsonNode?, bool> Applies);

/// <summary>Where our reading differs from pydicom's on purpose, and why.</summary>
public static class IntentionalDifferences
{
    /// <summary>Files that are not DICOM or are truncated: pydicom (with force=True) reads something; we throw DicomParseException.</summary>
    private static readonly Dictionary<string, string> ParseExceptions = new(StringComparer.Ordinal)
    {
        ["test_files/MR_truncated.dcm"] = "Pixel Data claims 8192 bytes, 8130 remain. pydicom keeps the short value silently; DCMTK reports an error; a truncated value is corruption, so we throw (a header-only read still succeeds).",
        ["test_files/rtplan_truncated.dcm"] = "The file ends inside (300A,00B0). pydicom keeps what it got; DCMTK reports an error; we throw.",
        ["test_files/no_meta.dcm"] = "A stray byte precedes the first element, so every header is misaligned. pydicom reads the file as one garbage UN element (0820,0500); DCMTK reports an error; we throw.",
        ["test_files/README.txt"] = "Text, not DICOM. pydicom with force=True turns it into garbage elements.",
        ["test_files/dicomdirtests/README.txt"] = "Text, not DICOM.",
        ["test_files/dicomdirtests/TINY_ALPHA/README"] = "Text, not DICOM.",
        ["charset_files/FileInfo.txt"] = "Text, not DICOM.",
        ["test_files/test1.json"] = "JSON, not DICOM.",
        ["test_files/test_PN.json"] = "JSON, not DICOM.",
        ["test_files/rtplan.dump"] = "A text dump, not DICOM.",
        ["test_files/rtstruct.dump"] = "A text dump, not DICOM.",
        ["test_files/zipMR.gz"] = "A gzip archive, not DICOM.",
    };

    public static IReadOnlyList<ValueDifferenceRule> ValueRules { get; } =
    [
        new(
            "insignificant spaces",
            "PS3.5 table 6.2-1 makes leading and trailing spaces of AE, CS, DS, IS, LO, SH and UI values (and trailing ones of all text) insignificant; we remove them from each value, pydicom only from the end of the whole value.",
            (vr, key, expected, actual) => key == "strings" && SameAfterTrim(expected, actual)),
        new(
            "trailing empty name group",
            "For a PN value ending in an empty component group ('Wang^XiaoDong=王^小東='), pydicom drops the trailing '='; we return the text as written. The parsed names are equal (compared separately).",
            (vr, key, expected, actual) => vr == "PN" && key == "strings" && SameAfterTrimEnd(expected, actual, '=')),
    ];

    /// <summary>VR differences we intend: (tag, pydicom's VR, ours).</summary>
    public static IReadOnlyList<(string Name, string Reason, Func<string, string, string, bool> Applies)> VRRules { get; } =
    [
        (
            "encapsulated pixel data is OB",
            "PS3.5 A.4 gives encapsulated Pixel Data the VR OB; these files say OW. We read and write OB (DCMTK warns about the OW); pydicom keeps the file's VR.",
            (tag, theirs, ours) => tag == "7FE00010" && theirs == "OW" && ours == "OB"),
        (
            "private sequence of defined length in implicit VR",
            "An unknown private element in implicit VR whose value starts with an item tag is a sequence (priv_SQ.dcm); we read it as one, pydicom leaves the bytes as UN.",
            (tag, theirs, ours) => theirs == "UN" && ours == "SQ"),
    ];

    public static ExpectedOutcome ExpectedOutcome(string relativePath) =>
        ParseExceptions.ContainsKey(relativePath) ? Corpus.ExpectedOutcome.ParseException : Corpus.ExpectedOutcome.Comparable;

    public static string? ParseExceptionReason(string relativePath) => ParseExceptions.GetValueOrDefault(relativePath);

    private static bool SameAfterTrim(JsonNode? expected, JsonNode? actual) =>
        expected is JsonArray e && actual is JsonArray a && e.Count == a.Count
        && e.Zip(a).All(pair => pair.First!.GetValue<string>().Trim(' ', '\0') == pair.Second!.GetValue<string>().Trim(' ', '\0'));

    private static bool SameAfterTrimEnd(JsonNode? expected, JsonNode? actual, char trimmed) =>
        expected is JsonArray e && actual is JsonArray a && e.Count == a.Count
        && e.Zip(a).All(pair => pair.First!.GetValue<string>().TrimEnd(trimmed) == pair.Second!.GetValue<string>().TrimEnd(trimmed));
}
