using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Resilience;

/// <summary>A second agent on a data folder another agent runs on refuses to start, before it touches the folder.</summary>
public sealed class OneAgentPerFolderTests
{
    [Fact]
    public async Task A_second_agent_process_on_the_same_data_folder_exits_with_the_reason_and_the_first_keeps_its_spool()
    {
        var settings = new AgentSettings();
        try
        {
            await using var first = await AgentProcess.StartAsync(settings);
            var slots = Path.Combine(settings.DataFolder, "spool", ".slots");
            var prepared = Directory.GetFiles(slots).Order(StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(prepared);

            var environment = new Dictionary<string, string>(settings.AsEnvironment()) { ["DOTNET_ENVIRONMENT"] = "Production" };
            var second = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll], TimeSpan.FromSeconds(60), environment: environment);

            Assert.Equal(2, second.ExitCode);
            Assert.Contains("Another edge agent is running on the data folder", second.StandardError, StringComparison.Ordinal);
            Assert.Equal(prepared, Directory.GetFiles(slots).Order(StringComparer.Ordinal).ToArray());
            Assert.False(first.HasExited);
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    [Fact]
    public async Task The_folder_is_free_again_once_the_agent_has_stopped()
    {
        var settings = new AgentSettings();
        await using (await InProcessAgent.StartAsync(settings))
        {
            var refused = await Assert.ThrowsAsync<EdgeConfigurationException>(() => InProcessAgent.StartAsync(settings));
            Assert.Contains("Another edge agent is running on the data folder", refused.Message, StringComparison.Ordinal);
        }

        await using var again = await InProcessAgent.StartAsync(settings);
        Assert.NotNull(again.Get<CloudRisPacs.Edge.Hosting.DataFolderLock>());
    }
}
