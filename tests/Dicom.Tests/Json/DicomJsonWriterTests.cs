using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Json;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.Dicom.Tests.IO;

namespace CloudRisPacs.Dicom.Tests.Json;

/// <summary>Our DICOM JSON (PS3.18 Annex F) of every readable corpus file equals pydicom's, apart from the listed differences.</summary>
public sealed class DicomJsonWriterTests
{
    public static IEnumerable<object[]> ReadableFiles => RoundTripTests.ReadableFiles;

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public async Task Json_equals_pydicoms(string relativePath)
    {
        var expected = await PydicomJson.ForAsync(relativePath);
        var file = DicomFileReader.Read(CorpusFiles.PathOf(relativePath));
        var ours = JsonNode.Parse(DicomJsonWriter.Serialize(file.Dataset))!.AsObject();

        if (expected["error"] is { } error)
        {
            // pydicom cannot write JSON for a value that is not a number (badVR.dcm: IS '1A'); we keep it as text.
            Assert.Contains("ValueError", error.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotEmpty(ours);
            return;
        }

        var differences = new List<string>();
        CompareDataset(expected["dataset"]!.AsObject(), ours, "", !file.TransferSyntax.IsLittleEndian, differences);
        Assert.True(differences.Count == 0, $"{relativePath}: {differences.Count} differences from pydicom's JSON:\n{string.Join('\n', differences.Take(30))}");
    }

    [Fact]
    public void Output_follows_the_model_for_each_kind_of_value()
    {
        var dataset = new DicomDataset()
            .SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .SetPersonName(DicomTag.PatientName, new DicomPersonName(new DicomPersonNameGroup("Yamada", "Tarou"), new DicomPersonNameGroup("山田", "太郎")))
            .SetStrings(DicomTag.ImageType, "ORIGINAL", "", "AXIAL")
            .SetNumbers(DicomTag.PixelSpacing, 0.5, 0.25)
            .SetNumber(DicomTag.SeriesNumber, 7)
            .SetNumber(DicomTag.Rows, (ushort)512)
            .SetTags(DicomTag.FrameIncrementPointer, DicomTag.FrameTime)
            .SetEmpty(DicomTag.AccessionNumber)
            .SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[] { 1, 2, 3, 4 });
        dataset.SetSequence(DicomTag.ReferencedStudySequence, new DicomDataset().SetString(DicomTag.ReferencedSOPInstanceUID, "1.2.3"));

        var json = JsonNode.Parse(DicomJsonWriter.Serialize(dataset))!;

        Assert.Equal("""{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎"}""", json["00100010"]!["Value"]![0]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("""["ORIGINAL",null,"AXIAL"]""", json["00080008"]!["Value"]!.ToJsonString());
        Assert.Equal("[0.5,0.25]", json["00280030"]!["Value"]!.ToJsonString());
        Assert.Equal("[7]", json["00200011"]!["Value"]!.ToJsonString());
        Assert.Equal("[512]", json["00280010"]!["Value"]!.ToJsonString());
        Assert.Equal("""["00181063"]""", json["00280009"]!["Value"]!.ToJsonString());
        Assert.Equal("""{"vr":"SH"}""", json["00080050"]!.ToJsonString());
        Assert.Equal("AQIDBA==", json["7FE00010"]!["InlineBinary"]!.GetValue<string>());
        Assert.Equal("1.2.3", json["00081110"]!["Value"]![0]!["00081155"]!["Value"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_bulk_data_uri_replaces_inline_binary()
    {
        var dataset = new DicomDataset().SetBytes(DicomTag.PixelData, DicomVR.OB, new byte[64]);

        var json = JsonNode.Parse(DicomJsonWriter.Serialize(dataset, new DicomJsonOptions { BulkDataUri = entry => $"https://pacs/bulk/{entry.Tag:X}" }))!;

        Assert.Equal("https://pacs/bulk/7FE00010", json["7FE00010"]!["BulkDataURI"]!.GetValue<string>());
        Assert.Null(json["7FE00010"]!["InlineBinary"]);
    }

    private static void CompareDataset(JsonObject expected, JsonObject actual, string path, bool bigEndian, List<string> differences)
    {
        foreach (var (tag, value) in expected)
        {
            if (tag.EndsWith("0000", StringComparison.Ordinal))
            {
                // Group lengths: we leave them out of JSON (retired, meaningless there).
                continue;
            }

            if (actual[tag] is not JsonObject mine)
            {
                differences.Add($"{path}/{tag}: missing in ours");
                continue;
            }

            CompareAttribute(value!.AsObject(), mine, $"{path}/{tag}", bigEndian, differences);
        }

        foreach (var (tag, _) in actual)
        {
            if (expected[tag] is null)
            {
                differences.Add($"{path}/{tag}: only in ours");
            }
        }
    }

    private static void CompareAttribute(JsonObject expected, JsonObject actual, string path, bool bigEndian, List<string> differences)
    {
        var vr = expected["vr"]!.GetValue<string>();
        if (vr != actual["vr"]!.GetValue<string>())
        {
            var tag = path[(path.LastIndexOf('/') + 1)..];
            if (!IntentionalDifferences.VRRules.Any(rule => rule.Applies(tag, vr, actual["vr"]!.GetValue<string>())))
            {
                differences.Add($"{path}: vr {vr} vs ours {actual["vr"]}");
            }

            return;
        }

        if (expected["InlineBinary"] is { } binary)
        {
            // PS3.18 F.2.7 encodes binary little endian; pydicom gives a big endian file's bytes as they are.
            if (!bigEndian && binary.GetValue<string>() != actual["InlineBinary"]?.GetValue<string>())
            {
                differences.Add($"{path}: InlineBinary differs");
            }

            return;
        }

        var theirs = expected["Value"] as JsonArray;
        var mine = actual["Value"] as JsonArray;
        if (theirs is null || mine is null)
        {
            if ((theirs?.Count ?? 0) != (mine?.Count ?? 0))
            {
                differences.Add($"{path}: Value {theirs?.ToJsonString() ?? "absent"} vs ours {mine?.ToJsonString() ?? "absent"}");
            }

            return;
        }

        if (theirs.Count != mine.Count)
        {
            differences.Add($"{path}: {theirs.Count} values vs ours {mine.Count}");
            return;
        }

        for (var i = 0; i < theirs.Count; i++)
        {
            CompareValue(theirs[i], mine[i], vr, $"{path}[{i}]", bigEndian, differences);
        }
    }

    private static void CompareValue(JsonNode? expected, JsonNode? actual, string vr, string path, bool bigEndian, List<string> differences)
    {
        if (vr == "SQ")
        {
            CompareDataset(expected!.AsObject(), actual!.AsObject(), path, bigEndian, differences);
            return;
        }

        // PS3.18 F.2.5 writes an empty value among several as null; pydicom writes "".
        if (actual is null && expected is JsonValue empty && empty.TryGetValue<string>(out var text) && text.Length == 0)
        {
            return;
        }

        if (expected is JsonValue e && actual is JsonValue a && e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
        {
            var x = double.Parse(e.ToJsonString(), CultureInfo.InvariantCulture);
            var y = double.Parse(a.ToJsonString(), CultureInfo.InvariantCulture);
            if (!x.Equals(y))
            {
                differences.Add($"{path}: {x} vs ours {y}");
            }

            return;
        }

        if (expected is JsonValue s && actual is JsonValue t && s.GetValueKind() == JsonValueKind.String && t.GetValueKind() == JsonValueKind.String
            && IntentionalDifferences.ValueRules.Any(rule => rule.Applies(vr, "strings", new JsonArray(s.GetValue<string>()), new JsonArray(t.GetValue<string>()))))
        {
            return;
        }

        if (!JsonNode.DeepEquals(expected, actual))
        {
            differences.Add($"{path}: {expected?.ToJsonString()} vs ours {actual?.ToJsonString()}");
        }
    }
}
