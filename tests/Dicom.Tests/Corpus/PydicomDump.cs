using System.Text.Json.Nodes;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Corpus;

/// <summary>
/// What pydicom reads from every corpus file, produced once per test run by <c>Peers/pydicom_dump.py</c> (run with
/// Debian's python and its python3-pydicom 2.3).
/// </summary>
public static class PydicomDump
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, JsonObject>>> Dump = new(LoadAsync);

    public static Task<IReadOnlyDictionary<string, JsonObject>> AllAsync() => Dump.Value;

    public static async Task<JsonObject> ForAsync(string relativePath) => (await AllAsync())[relativePath];

    private static async Task<IReadOnlyDictionary<string, JsonObject>> LoadAsync()
    {
        var python = await PeerTools.RequirePythonModulesAsync("pydicom");
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "pydicom_dump.py");
        var relative = CorpusFiles.All.Select(path => Path.GetRelativePath(CorpusFiles.Root, path)).ToArray();
        var result = await ProcessRunner.RunAsync(python, [script, .. relative], TimeSpan.FromMinutes(2), workingDirectory: CorpusFiles.Root);
        result.EnsureSuccess("pydicom_dump.py");
        var files = JsonNode.Parse(result.StandardOutput)!.AsArray();
        return files.Select(node => node!.AsObject()).ToDictionary(file => file["path"]!.GetValue<string>(), StringComparer.Ordinal);
    }
}
