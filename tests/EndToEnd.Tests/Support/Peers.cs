using System.Globalization;
using System.Text.RegularExpressions;
using CloudRisPacs.TestSupport;
using CloudRisPacs.Tools.LocalDepartment;

namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>
/// The independent peers of the scenario, run as the demo runs them: python-hl7's <c>mllp_send</c> (the RIS), DCMTK's
/// <c>findscu -W</c> and <c>storescu</c> (the modality), pydicom through scripts/demo/make_images.py (the images).
/// </summary>
internal static partial class Peers
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Sends one message with mllp_send; returns the acknowledgement code (MSA-1) the edge answered.</summary>
    public static async Task<string> SendHl7Async(DepartmentEndpoints endpoints, string message)
    {
        var file = Path.Combine(Path.GetTempPath(), $"e2e-{Guid.NewGuid():N}.hl7");
        await File.WriteAllTextAsync(file, message + "\n");
        try
        {
            var result = (await ProcessRunner.RunAsync(PeerTools.Require("mllp_send"),
                ["--loose", "-p", endpoints.MllpPort.ToString(CultureInfo.InvariantCulture), "-f", file, DepartmentEndpoints.Host], ToolTimeout))
                .EnsureSuccess("mllp_send");
            var msa = AckCode().Match(result.StandardOutput);
            return msa.Success ? msa.Groups[1].Value : throw new Xunit.Sdk.XunitException($"mllp_send printed no MSA segment:\n{result.StandardOutput}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One Modality Worklist C-FIND at the edge for <paramref name="accession"/>; each item as tag → first value.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> FindWorklistAsync(DepartmentEndpoints endpoints, string accession)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"e2e-wl-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var result = await ProcessRunner.RunAsync(PeerTools.Require("findscu"),
            [
                "-W", "-aet", "E2E_CT", "-aec", endpoints.DicomAeTitle, DepartmentEndpoints.Host, endpoints.DicomPort.ToString(CultureInfo.InvariantCulture),
                "-k", $"AccessionNumber={accession}", "-k", "PatientName", "-k", "PatientID", "-k", "StudyInstanceUID",
                "-k", "ScheduledProcedureStepSequence[0].Modality", "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID",
                "-X", "-od", folder,
            ], ToolTimeout);
            if (result.ExitCode != 0)
            {
                return [];
            }

            var items = new List<IReadOnlyDictionary<string, string>>();
            foreach (var file in Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal))
            {
                items.Add(await DumpAsync(file));
            }

            return items;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Makes <paramref name="count"/> CT images for the given identity and sends them with storescu; returns their folder.</summary>
    public static async Task<string> SendImagesAsync(DepartmentEndpoints endpoints, int count, string patientId, string name, string accession, string studyUid)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"e2e-img-{Guid.NewGuid():N}");
        (await ProcessRunner.RunAsync(PeerTools.DebianPython,
            [RepositoryPaths.Combine("scripts", "demo", "make_images.py"), folder, count.ToString(CultureInfo.InvariantCulture), patientId, name, accession, studyUid],
            ToolTimeout)).EnsureSuccess("make_images.py");
        (await ProcessRunner.RunAsync(PeerTools.Require("storescu"),
            ["-aet", "E2E_CT", "-aec", endpoints.DicomAeTitle, DepartmentEndpoints.Host, endpoints.DicomPort.ToString(CultureInfo.InvariantCulture),
             .. Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal)], ToolTimeout)).EnsureSuccess("storescu");
        return folder;
    }

    /// <summary>dcmdump of a file as tag → first value (any nesting level), e.g. <c>0010,0010</c> → <c>DOE^JANE</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> DumpAsync(string file)
    {
        // -Un: well-known UIDs (SOP classes, transfer syntaxes) as numbers, not names, so they read like any other value.
        var dump = (await ProcessRunner.RunAsync(PeerTools.Require("dcmdump"), ["-Un", file], ToolTimeout)).EnsureSuccess("dcmdump");
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in DumpLine().Matches(dump.StandardOutput))
        {
            values.TryAdd(match.Groups[1].Value, match.Groups[2].Value);
        }

        return values;
    }

    [GeneratedRegex(@"MSA\|([A-Z]{2})\|")]
    private static partial Regex AckCode();

    [GeneratedRegex(@"^\s*\(([0-9a-fA-F]{4},[0-9a-fA-F]{4})\) [A-Z]{2} \[([^\]]*)\]", RegexOptions.Multiline)]
    private static partial Regex DumpLine();
}
