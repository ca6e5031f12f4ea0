using System.Reflection;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Infra.Tests;

/// <summary>
/// The bicep CLI restored from the <c>Azure.Bicep.CommandLine.linux-x64</c> package (see the project file). It runs
/// offline: every module is a local file, so nothing is fetched from a registry.
/// </summary>
public static class BicepCli
{
    /// <summary>The API app client id the parameter files read from the environment; any GUID compiles.</summary>
    public const string ApiAppClientIdVariable = "CLOUDRISPACS_API_APP_CLIENT_ID";

    public const string SampleApiAppClientId = "6f1c2b7e-0d3a-4c55-9a8e-2b4f8d1e7c90";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> ExecutablePath = new(Locate);

    public static string Executable => ExecutablePath.Value;

    /// <summary>Runs bicep with the given arguments from the infra folder, with the parameter-file environment set.</summary>
    public static Task<ProcessResult> RunAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ApiAppClientIdVariable] = SampleApiAppClientId,
            // The CLI is a .NET app; keep it from printing first-run banners into the diagnostics we read.
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        return ProcessRunner.RunAsync(Executable, arguments, Timeout, workingDirectory: InfraFiles.Root, environment: environment);
    }

    private static string Locate()
    {
        var packageDirectory = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "BicepPackageDirectory")?.Value;
        if (string.IsNullOrEmpty(packageDirectory))
        {
            throw new InvalidOperationException(
                "The Azure.Bicep.CommandLine.linux-x64 package path was not recorded at build time. Run 'dotnet restore' " +
                "(./test.sh does) so the package is downloaded and PkgAzure_Bicep_CommandLine_linux-x64 is defined.");
        }

        var executable = Path.Combine(packageDirectory, "tools", "bicep");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"The bicep CLI is missing at {executable}. Run 'dotnet restore' to download Azure.Bicep.CommandLine.linux-x64.");
        }

        EnsureExecutable(executable);
        return executable;
    }

    // NuGet extracts files with the mode stored in the package, which is not always executable for everyone.
    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0 || (mode & execute) != execute)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.UserRead);
        }
    }
}
