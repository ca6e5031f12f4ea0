using System.Net;
using System.Net.Sockets;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Resilience;

/// <summary>
/// What stops the agent process from starting ends in one plain message and exit code 2 (which the systemd unit does not
/// restart), never an unhandled exception (exit 134, a stack trace every RestartSec).
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task A_broken_configuration_file_is_reported_for_the_agent_check_and_requeue()
    {
        var file = Path.Combine(Path.GetTempPath(), $"edge-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "EdgeAgent": { "TenantId": "x" """);
        try
        {
            await ExitsWithReasonAsync(new AgentSettings(), "Check the --config file", "--config", file);
            await ExitsWithReasonAsync(new AgentSettings(), "Check the --config file", "check", "--config", file);
            await ExitsWithReasonAsync(new AgentSettings(), "was not found", "requeue", "spool", "--all", "--config", file + ".missing");

            // The --config=FILE form the agent takes names the file for the commands too (check ignored it; requeue
            // took it for an operand and printed its usage).
            await ExitsWithReasonAsync(new AgentSettings(), "Check the --config file", "--config=" + file);
            await ExitsWithReasonAsync(new AgentSettings(), "Check the --config file", "check", "--config=" + file);
            await ExitsWithReasonAsync(new AgentSettings(), "was not found", "requeue", "spool", "--all", "--config=" + file + ".missing");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Requeue_refuses_a_data_folder_without_an_agent_database_and_creates_none()
    {
        var settings = new AgentSettings();
        var environment = new Dictionary<string, string>(settings.AsEnvironment()) { ["DOTNET_ENVIRONMENT"] = "Production" };
        var result = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, "requeue", "spool", "--all"], TimeSpan.FromSeconds(60), environment: environment);
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
        Assert.Contains("holds no agent database", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(settings.DataFolder));
    }

    [Fact]
    public async Task A_dicom_port_in_use_is_reported()
    {
        var settings = new AgentSettings();
        using var taken = new TcpListener(IPAddress.Loopback, settings.DicomPort);
        taken.Start();
        try
        {
            await ExitsWithReasonAsync(settings, "listens on that address and port");
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_written_is_reported_as_such_not_as_another_agent()
    {
        // A file where a folder should be: the agent cannot create its data folder (as a read-only mount would do, even for root).
        var blocker = Path.Combine(Path.GetTempPath(), $"edge-notafolder-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "not a folder");
        try
        {
            var settings = new AgentSettings().Set("DataFolder", Path.Combine(blocker, "data"));
            var output = await ExitsWithReasonAsync(settings, "cannot write its data folder");
            Assert.DoesNotContain("Another edge agent", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task A_certificate_that_does_not_load_stops_the_start()
    {
        var garbage = Path.Combine(Path.GetTempPath(), $"edge-garbage-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(garbage, "not a certificate");
        var settings = new AgentSettings().Set("Dicom:Tls:CertificatePath", garbage).Set("Dicom:Tls:PrivateKeyPath", garbage);
        try
        {
            await ExitsWithReasonAsync(settings, "cannot be loaded");
        }
        finally
        {
            File.Delete(garbage);
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    private static async Task<string> ExitsWithReasonAsync(AgentSettings settings, string reason, params string[] arguments)
    {
        var environment = new Dictionary<string, string>(settings.AsEnvironment()) { ["DOTNET_ENVIRONMENT"] = "Production" };
        var result = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, .. arguments], TimeSpan.FromSeconds(60), environment: environment);
        var output = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{output}");
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        return output;
    }
}
