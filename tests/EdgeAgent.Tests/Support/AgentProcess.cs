using System.Diagnostics;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>The real agent executable (edge-agent/bin/…/cloudrispacs-edge.dll) as a separate process, for crash tests.</summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly CapturedProcess captured;

    private AgentProcess(CapturedProcess captured) => this.captured = captured;

    public int Id => captured.Process.Id;

    public bool HasExited => captured.Process.HasExited;

    public string Output => captured.Output;

    public static string AgentDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Release"
                : "Debug";
            var path = RepositoryPaths.Combine("edge-agent", "bin", configuration, "net10.0", "cloudrispacs-edge.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The agent was not built at {path}.");
        }
    }

    /// <summary>Starts the agent with <paramref name="arguments"/> and waits until its status endpoint answers.</summary>
    public static async Task<AgentProcess> StartAsync(AgentSettings settings, params string[] arguments)
    {
        var info = ProcessRunner.CreateStartInfo("dotnet", [AgentDll, .. arguments], environment: settings.AsEnvironment());
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var agent = new AgentProcess(CapturedProcess.Start(info));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.HoldsAsync(async () =>
        {
            if (agent.HasExited)
            {
                return true;
            }

            try
            {
                return (await http.GetAsync(settings.StatusUri)).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, "the agent's status endpoint answers", 60, () => agent.Output);
        Assert.False(agent.HasExited, $"The agent exited during start-up:{Environment.NewLine}{agent.Output}");
        return agent;
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        using var kill = Process.Start("kill", ["-9", captured.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        await captured.Process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using var term = Process.Start("kill", ["-TERM", captured.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await term.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        await captured.Process.WaitForExitAsync(wait.Token);
        return captured.Process.ExitCode;
    }

    public ValueTask DisposeAsync() => captured.DisposeAsync();
}
