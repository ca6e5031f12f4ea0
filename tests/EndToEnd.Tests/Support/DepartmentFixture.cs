using System.Globalization;
using System.Net.Http.Headers;
using CloudRisPacs.TestSupport;
using CloudRisPacs.Tools.LocalDepartment;

namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>
/// One department for the test class, started by the same launcher as run.sh: real Azurite, local cloud host, demo RIS
/// and edge agent processes, on free loopback ports with a throwaway data folder. Watchdogs run every two seconds so
/// an unmatched study becomes an exception within the test. The agent knows one modality's address,
/// <see cref="ListeningModalityAe"/> at <see cref="ListeningModalityPort"/>, for storage commitment reports on a new
/// association.
/// </summary>
public sealed class DepartmentFixture : IAsyncLifetime
{
    private readonly string data = Path.Combine(Path.GetTempPath(), $"cloudrispacs-e2e-{Guid.NewGuid():N}");

    public Department Department { get; private set; } = null!;

    public const string ListeningModalityAe = "E2E_SC";

    public DepartmentEndpoints Endpoints => Department.Endpoints;

    /// <summary>Where <see cref="ListeningModalityAe"/> listens (nothing does until a test starts a listener there).</summary>
    public int ListeningModalityPort { get; } = FreeTcpPort.Next();

    public HttpClient Api { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The endpoints file the demo script reads (as run.sh writes it).</summary>
    public string EndpointsFile => Path.Combine(data, "run", "endpoints.env");

    public async Task InitializeAsync()
    {
        // The peers every test uses: fail at once, naming the package, when one is missing.
        foreach (var tool in new[] { "mllp_send", "findscu", "storescu", "dcmdump" })
        {
            PeerTools.Require(tool);
        }

        await PeerTools.RequirePythonModulesAsync("hl7", "pydicom");
        var options = new DepartmentOptions
        {
            RepositoryRoot = RepositoryPaths.Root,
            DataFolder = data,
            BuildConfiguration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Release"
                : "Debug",
            ApiPort = 0,
            RisPort = 0,
            MllpPort = 0,
            DicomPort = 0,
            StatusPort = 0,
        };
        options.CloudSettings["CloudRisPacs:Pipeline:UnmatchedStudyAfter"] = "00:00:02";
        options.AgentSettings["EdgeAgent:Dicom:Modalities:0:AeTitle"] = ListeningModalityAe;
        options.AgentSettings["EdgeAgent:Dicom:Modalities:0:Host"] = DepartmentEndpoints.Host;
        options.AgentSettings["EdgeAgent:Dicom:Modalities:0:Port"] = ListeningModalityPort.ToString(CultureInfo.InvariantCulture);
        options.CloudSettings["LocalHost:TimerSchedules:WatchdogImagesWithoutOrders"] = "*/2 * * * * *";
        Department = await Department.StartAsync(options);
        Directory.CreateDirectory(Path.GetDirectoryName(EndpointsFile)!);
        await File.WriteAllTextAsync(EndpointsFile, Endpoints.ToEnvironmentFile(Environment.ProcessId));
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Department.Keys.StaffKey);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        if (Department is not null)
        {
            await Department.DisposeAsync();
        }

        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A process that was killed may still hold a file for a moment; the folder is in the temp directory.
        }
    }

    /// <summary>The last lines of every process's log, for a failing assertion's message.</summary>
    public string Diagnostics() =>
        string.Join(Environment.NewLine, Department.Processes.Select(p => $"--- {p.Name}{Environment.NewLine}{p.Tail}"));
}
