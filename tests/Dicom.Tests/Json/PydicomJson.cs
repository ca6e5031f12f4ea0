using System.Text.Json.Nodes;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Json;

/// <summary>pydicom's DICOM JSON of every corpus file (Dataset.to_json_dict), produced once per run by <c>Peers/pydicom_json.py</c>.</summary>
public static class PydicomJson
{
    private static readonly Lazy<Task<JsonObject>> All = new(LoadAsync);

    public static async Task<JsonObject> ForAsync(string relativePath) => (await All.Value)[relativePath]!.AsObject();

    private static async Task<JsonObject> LoadAsync()
    {
        var python = await PeerTools.RequirePythonModulesAsync("pydicom");
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "pydicom_json.py");
        var relative = CorpusFiles.All.Select(path => Path.GetRelativePath(CorpusFiles.Root, path)).ToArray();
        var result = await ProcessRunner.RunAsync(python, [script, .. relative], TimeSpan.FromMinutes(2), workingDirectory: CorpusFiles.Root);
        result.EnsureSuccess("pydicom_json.py");
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }
}
