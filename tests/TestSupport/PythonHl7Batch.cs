using System.Globalization;
using System.Text.Json;

namespace CloudRisPacs.TestSupport;

/// <summary>
/// python-hl7 as the independent peer for HL7 batches (<c>tests/Hl7.Tests/Interop/hl7_batch.py</c>): its
/// <c>parse_file</c> reads an acknowledgement batch, its <c>hl7.mllp</c> client sends one frame and reads the answer.
/// The JSON has <c>file</c>/<c>fileTrailer</c> (fields by HL7 number) and <c>batches</c> with <c>header</c>,
/// <c>trailer</c> and <c>messages</c> (type, MSA code, MSA control id, ERR segments).
/// </summary>
public static class PythonHl7Batch
{
    /// <summary>How python-hl7 reads <paramref name="acknowledgement"/>.</summary>
    public static Task<JsonElement> ParseAsync(byte[] acknowledgement) => RunAsync(acknowledgement, ["parse"]);

    /// <summary>Sends <paramref name="frame"/> to an MLLP listener on the loopback and returns how python-hl7 reads the answer.</summary>
    public static Task<JsonElement> SendAsync(int port, byte[] frame) =>
        RunAsync(frame, ["send", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)]);

    private static async Task<JsonElement> RunAsync(byte[] bytes, string[] command)
    {
        var python = await PeerTools.RequirePythonModulesAsync("hl7");
        var path = Path.Combine(Path.GetTempPath(), $"hl7-batch-{Guid.NewGuid():N}.hl7");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var result = await ProcessRunner.RunAsync(python,
                [RepositoryPaths.Combine("tests", "Hl7.Tests", "Interop", "hl7_batch.py"), .. command, path], TimeSpan.FromMinutes(2));
            result.EnsureSuccess($"python-hl7 (hl7_batch.py {command[0]})");
            return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
