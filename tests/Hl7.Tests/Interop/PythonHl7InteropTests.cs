using System.Text.Json;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Tests.Corpus;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Hl7.Tests.Interop;

/// <summary>
/// Our field-level view of every corpus message equals python-hl7's parse of the same bytes: same segments, fields,
/// repetitions, components and subcomponents, raw text for raw text.
/// </summary>
public sealed class PythonHl7InteropTests
{
    private static readonly Lazy<Task<JsonDocument>> PythonView = new(LoadPythonViewAsync);

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public async Task Field_level_view_matches_python_hl7(string name)
    {
        var python = await PythonView.Value;
        var expected = python.RootElement.GetProperty(name);
        var message = Hl7Message.Parse(CorpusFiles.Read(name));
        var actual = JsonSerializer.SerializeToElement(Structure(message));

        Assert.Equal(expected.GetArrayLength(), message.Segments.Count);
        for (var s = 0; s < message.Segments.Count; s++)
        {
            Assert.True(
                JsonElement.DeepEquals(expected[s], actual[s]),
                $"{name} segment {s + 1} ({message.Segments[s].Id}) differs.\npython-hl7: {expected[s]}\nours:       {actual[s]}");
        }
    }

    [Fact]
    public void Corpus_covers_every_supported_message_type()
    {
        var types = CorpusFiles.All
            .Select(p => Hl7Message.Parse(File.ReadAllBytes(p)).Header)
            .Select(h => $"{h.GetValue(9, 1)}^{h.GetValue(9, 2)}")
            .ToHashSet();
        foreach (var type in new[] { "ADT^A01", "ADT^A04", "ADT^A08", "ADT^A31", "ADT^A40", "ORM^O01", "OMI^O23", "ORU^R01", "ACK^O01" })
        {
            Assert.Contains(type, types);
        }
    }

    public static TheoryData<string> CorpusNames => CorpusFiles.Names;

    /// <summary>Segments as python-hl7 numbers them: element 0 the id, then MSH-1, MSH-2 ... or field 1, 2 ...</summary>
    private static List<List<List<List<List<string>>>>> Structure(Hl7Message message)
    {
        var result = new List<List<List<List<List<string>>>>>();
        foreach (var segment in message.Segments)
        {
            var fields = new List<List<List<List<string>>>> { Leaf(segment.Id) };
            for (var number = 1; number <= segment.FieldCount; number++)
            {
                var field = segment.GetField(number);
                if (segment.IsHeader && number <= 2)
                {
                    fields.Add(Leaf(field.RawText));
                    continue;
                }

                var repetitions = new List<List<List<string>>>();
                for (var r = 1; r <= Math.Max(1, field.RepetitionCount); r++)
                {
                    var repetition = field.GetRepetition(r);
                    var components = new List<List<string>>();
                    for (var c = 1; c <= Math.Max(1, repetition.ComponentCount); c++)
                    {
                        var component = repetition.GetComponent(c);
                        var subcomponents = new List<string>();
                        for (var sc = 1; sc <= Math.Max(1, component.SubcomponentCount); sc++)
                        {
                            subcomponents.Add(component.GetSubcomponent(sc).Raw.ToString());
                        }

                        components.Add(subcomponents);
                    }

                    repetitions.Add(components);
                }

                fields.Add(repetitions);
            }

            result.Add(fields);
        }

        return result;
    }

    private static List<List<List<string>>> Leaf(string text) => [[[text]]];

    private static async Task<JsonDocument> LoadPythonViewAsync()
    {
        var python = await PeerTools.RequirePythonModulesAsync("hl7");
        var script = RepositoryPaths.Combine("tests", "Hl7.Tests", "Interop", "hl7_to_json.py");
        var result = await ProcessRunner.RunAsync(python, [script, .. CorpusFiles.All.Select(Path.GetFileName)!],
            TimeSpan.FromSeconds(60), workingDirectory: CorpusFiles.Folder);
        result.EnsureSuccess("python-hl7 (hl7_to_json.py)");
        return JsonDocument.Parse(result.StandardOutput);
    }
}
