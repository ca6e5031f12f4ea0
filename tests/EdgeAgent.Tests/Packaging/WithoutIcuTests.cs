using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Packaging;

/// <summary>The agent runs on a Linux without libicu (a minimal server image), as the clinic package promises.</summary>
public sealed class WithoutIcuTests
{
    // In a private mount namespace of its own (nothing outside it changes), the ICU libraries become empty files, so
    // the runtime cannot load them; then the agent's check runs there.
    private const string HideIcuThenRun = """
        hidden=0
        for library in $("$(command -v ldconfig || echo /sbin/ldconfig)" -p | awk '/libicu(uc|i18n|data)\.so/ {print $NF}'); do
          mount --bind /dev/null "$(readlink -f "$library")" && hidden=$((hidden + 1))
        done
        [ "$hidden" -gt 0 ] || { echo "no ICU library found to hide" >&2; exit 97; }
        exec "$@"
        """;

    [Fact]
    public async Task The_agent_checks_its_configuration_on_a_machine_without_libicu()
    {
        Assert.True(OperatingSystem.IsLinux(), "libicu is a Linux dependency; run this test on Linux");
        var settings = new AgentSettings();
        Directory.CreateDirectory(settings.DataFolder);
        try
        {
            var result = await ProcessRunner.RunAsync("unshare",
                ["--map-root-user", "--mount", "--propagation", "private", "bash", "-c", HideIcuThenRun, "hide-icu", "dotnet", AgentProcess.AgentDll, "check"],
                TimeSpan.FromMinutes(2), environment: settings.AsEnvironment());
            var output = result.StandardOutput + result.StandardError;
            Assert.True(result.ExitCode != 97, "the test could not hide libicu: " + output);
            Assert.DoesNotContain("ICU", output, StringComparison.Ordinal);
            Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {output}");
            Assert.Contains("OK    Configuration: valid", output, StringComparison.Ordinal);
            Assert.Contains("All checks passed.", output, StringComparison.Ordinal);
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }
    }
}
