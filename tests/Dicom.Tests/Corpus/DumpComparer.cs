using System.Globalization;
using System.Text.Json.Nodes;

namespace CloudRisPacs.Dicom.Tests.Corpus;

/// <summary>Compares pydicom's dump with ours element by element and lists every difference with its path.</summary>
public static class DumpComparer
{
    public static List<string> Compare(JsonArray expected, JsonArray actual, string path = "")
    {
        var differences = new List<string>();
        CompareElements(expected, actual, path, differences);
        return differences;
    }

    private static void CompareElements(JsonArray expected, JsonArray actual, string path, List<string> differences)
    {
        var ours = actual.Select(e => e!.AsObject()).ToDictionary(e => e["tag"]!.GetValue<string>());
        var theirs = expected.Select(e => e!.AsObject()).ToDictionary(e => e["tag"]!.GetValue<string>());
        foreach (var (tag, element) in theirs)
        {
            var at = $"{path}/{tag}";
            if (!ours.TryGetValue(tag, out var mine))
            {
                differences.Add($"{at}: pydicom has it ({element["vr"]}), we do not");
                continue;
            }

            CompareElement(element, mine, at, differences);
        }

        foreach (var tag in ours.Keys.Except(theirs.Keys))
        {
            differences.Add($"{path}/{tag}: we have it ({ours[tag]["vr"]}), pydicom does not");
        }
    }

    private static void CompareElement(JsonObject expected, JsonObject actual, string path, List<string> differences)
    {
        var expectedVR = expected["vr"]?.GetValue<string>();
        var actualVR = actual["vr"]!.GetValue<string>();
        if (expectedVR != actualVR && IntentionalDifferences.VRRules.Any(rule => rule.Applies(path[(path.LastIndexOf('/') + 1)..], expectedVR!, actualVR)))
        {
            return;
        }

        if (expectedVR != actualVR)
        {
            differences.Add($"{path}: VR pydicom {expectedVR}, ours {actualVR}");
            return;
        }

        if (expected["error"] is not null || actual["error"] is not null)
        {
            if ((expected["error"] is null) != (actual["error"] is null))
            {
                differences.Add($"{path}: conversion error pydicom '{expected["error"]}', ours '{actual["error"]}'");
            }

            return;
        }

        if (expected["items"] is JsonArray expectedItems)
        {
            var actualItems = actual["items"]!.AsArray();
            if (expectedItems.Count != actualItems.Count)
            {
                differences.Add($"{path}: pydicom has {expectedItems.Count} items, we have {actualItems.Count}");
                return;
            }

            for (var i = 0; i < expectedItems.Count; i++)
            {
                CompareElements(expectedItems[i]!.AsArray(), actualItems[i]!.AsArray(), $"{path}[{i}]", differences);
            }

            return;
        }

        foreach (var (key, value) in expected)
        {
            if (key is "tag" or "vr")
            {
                continue;
            }

            var mine = actual[key];
            if (key == "numbers")
            {
                if (!SameNumbers(value!.AsArray(), mine?.AsArray()))
                {
                    differences.Add($"{path} {expectedVR}: numbers pydicom {value?.ToJsonString()}, ours {mine?.ToJsonString()}");
                }
            }
            else if (!JsonNode.DeepEquals(value, mine) && !IntentionalDifferences.ValueRules.Any(rule => rule.Applies(expectedVR!, key, value, mine)))
            {
                differences.Add($"{path} {expectedVR}: {key} pydicom {Short(value)}, ours {Short(mine)}");
            }
        }
    }

    private static bool SameNumbers(JsonArray expected, JsonArray? actual)
    {
        if (actual is null || expected.Count != actual.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var a = double.Parse(expected[i]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var b = double.Parse(actual[i]!.GetValue<string>(), CultureInfo.InvariantCulture);
            if (!(a.Equals(b) || (double.IsNaN(a) && double.IsNaN(b))))
            {
                return false;
            }
        }

        return true;
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length > 300 ? text[..300] + "..." : text;
    }
}
