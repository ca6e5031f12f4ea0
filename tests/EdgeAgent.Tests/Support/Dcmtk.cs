using System.Globalization;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>DCMTK's SCUs against the agent's DICOM port (located through <see cref="PeerTools"/>: a missing tool fails the test).</summary>
internal static class Dcmtk
{
    public const string AgentAe = "CLOUDRISPACS";
    public const string ModalityAe = "MODALITY1";

    public static Task<ProcessResult> RunAsync(string tool, params string[] arguments) =>
        ProcessRunner.RunAsync(PeerTools.Require(tool), arguments, TimeSpan.FromMinutes(2));

    public static Task<ProcessResult> EchoAsync(int port, string callingAe = ModalityAe) =>
        RunAsync("echoscu", "-aet", callingAe, "-aec", AgentAe, "127.0.0.1", Port(port));

    /// <summary>
    /// storescu with only the needed presentation contexts (-R); RLE files are sent in a second association with the
    /// RLE syntax proposed (-xr), so every file goes in its own transfer syntax.
    /// </summary>
    public static async Task StoreAsync(int port, IEnumerable<string> files, string callingAe = ModalityAe)
    {
        foreach (var group in files.GroupBy(f => Path.GetFileName(f).Contains("_rle", StringComparison.Ordinal)))
        {
            string[] options = group.Key ? ["-R", "-xr"] : ["-R"];
            (await RunAsync("storescu", [.. options, "-aet", callingAe, "-aec", AgentAe, "127.0.0.1", Port(port), .. group])).EnsureSuccess("storescu");
        }
    }

    /// <summary>findscu -W for every item of one modality; returns the response identifiers it extracted.</summary>
    public static async Task<IReadOnlyList<DicomDataset>> FindWorklistAsync(int port, string modality)
    {
        var output = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "edge-findscu", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var result = await RunAsync("findscu", "-W", "-X", "-od", output, "-aet", ModalityAe, "-aec", AgentAe,
                "-k", "(0008,0050)", "-k", "(0010,0010)", "-k", "(0010,0020)", "-k", "(0020,000D)",
                "-k", $"(0040,0100)[0].(0008,0060)={modality}", "-k", "(0040,0100)[0].(0040,0002)", "-k", "(0040,0100)[0].(0040,0009)",
                "-k", "(0040,0100)[0].(0040,0020)",
                "127.0.0.1", Port(port));
            result.EnsureSuccess("findscu -W");
            return Directory.EnumerateFiles(output, "rsp*.dcm").Order(StringComparer.Ordinal).Select(path => DicomFileReader.Read(path).Dataset).ToArray();
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>pydicom sample files with distinct SOP instances (CT, MR, RT plan, ECG waveform, RLE secondary capture).</summary>
    public static IReadOnlyList<string> SampleFiles { get; } =
        ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "waveform_ecg.dcm", "SC_rgb_rle.dcm"];

    public static IReadOnlyList<string> SamplePaths => SampleFiles.Select(f => Path.Combine(PeerTools.PydicomTestFiles, f)).ToArray();

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
