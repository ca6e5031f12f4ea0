using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Tests.Corpus;

/// <summary>Our reading of a data set in the same shape <c>pydicom_dump.py</c> writes, so the two can be compared.</summary>
public static class OurDump
{
    public static JsonArray Dataset(DicomDataset dataset, bool bigEndianSource)
    {
        var elements = new JsonArray();
        foreach (var entry in dataset)
        {
            elements.Add(Element(dataset, entry, bigEndianSource));
        }

        return elements;
    }

    private static JsonObject Element(DicomDataset dataset, DicomEntry entry, bool bigEndianSource)
    {
        var node = new JsonObject { ["tag"] = entry.Tag.ToString("X", null), ["vr"] = entry.VR.Code };
        switch (entry)
        {
            case DicomSequence sequence:
                node["items"] = new JsonArray(sequence.Items.Select(item => (JsonNode)Dataset(item, bigEndianSource)).ToArray());
                break;
            case DicomFragmentSequence fragments:
                node["offset_table"] = Digest(fragments.OffsetTable.Span);
                node["fragments"] = new JsonArray(fragments.Fragments.Select(f => (JsonNode)Digest(f.Span)).ToArray());
                break;
            case DicomElement element:
                Values(dataset, element, node, bigEndianSource);
                break;
        }

        return node;
    }

    private static void Values(DicomDataset dataset, DicomElement element, JsonObject node, bool bigEndianSource)
    {
        var vr = element.ValueVR;
        try
        {
            if (vr == DicomVR.PN)
            {
                var names = element.GetStrings(dataset.CharacterSet);
                node["strings"] = Strings(names);
                node["pn"] = new JsonArray(names.Select(n => (JsonNode)Components(DicomPersonName.Parse(n))).ToArray());
            }
            else if (vr.IsText)
            {
                node["strings"] = Strings(element.GetStrings(dataset.CharacterSet));
            }
            else if (vr == DicomVR.AT)
            {
                node["tags"] = new JsonArray(element.GetTags().Select(t => (JsonNode)t.ToString("X", null)).ToArray());
            }
            else if (vr.Kind == DicomVRKind.Number)
            {
                node["numbers"] = new JsonArray(NumberTexts(element).Select(t => (JsonNode)t).ToArray());
            }
            else
            {
                var bytes = element.Value.ToArray();
                if (bigEndianSource && element.VR.UnitSize > 1)
                {
                    // pydicom keeps bulk values in the file's byte order; we keep them little-endian.
                    SwapBack(bytes, element.VR.UnitSize);
                }

                node["bytes"] = Digest(bytes);
            }
        }
        catch (DicomValueException ex)
        {
            node["error"] = ex.Message;
        }
    }

    private static IEnumerable<string> NumberTexts(DicomElement element)
    {
        var vr = element.ValueVR;
        return vr.Code switch
        {
            "FL" or "FD" => element.GetNumbers<double>().Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            "UV" => element.GetNumbers<ulong>().Select(d => d.ToString(CultureInfo.InvariantCulture)),
            _ => element.GetNumbers<long>().Select(d => d.ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static JsonArray Components(DicomPersonName name) =>
        new(new[] { name.Alphabetic, name.Ideographic, name.Phonetic }
            .Select(group => (JsonNode)new JsonArray(group.Components.Select(c => (JsonNode)c).ToArray()))
            .ToArray());

    public static JsonObject Digest(ReadOnlySpan<byte> bytes) => new()
    {
        ["length"] = bytes.Length,
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
    };

    private static void SwapBack(byte[] bytes, int unit)
    {
        for (var i = 0; i + unit <= bytes.Length; i += unit)
        {
            Array.Reverse(bytes, i, unit);
        }
    }
}
