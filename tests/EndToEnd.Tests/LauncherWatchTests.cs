using System.Diagnostics;
using CloudRisPacs.Tools.LocalDepartment;

namespace CloudRisPacs.EndToEnd.Tests;

/// <summary>
/// The launcher's processes outlive nothing: started the way run.sh starts them (<see cref="ChildProcess.WatchedCommand"/>)
/// under a stand-in launcher, they keep running while it lives and get SIGTERM once it is killed with SIGKILL.
/// </summary>
public sealed class LauncherWatchTests
{
    [Fact]
    public async Task A_child_keeps_its_pid_runs_while_the_launcher_lives_and_is_stopped_when_the_launcher_is_killed()
    {
        using var launcher = Process.Start(new ProcessStartInfo("/bin/sleep", "600") { UseShellExecute = false })!;
        var command = ChildProcess.WatchedCommand(launcher.Id, "/bin/sleep", ["600"]);
        Assert.Equal("/usr/bin/setsid", command[0]);
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var child = Process.Start(info)!;
        try
        {
            // The pid the launcher holds is the child's own (sh execs it), so its SIGTERM on Ctrl-C reaches the child.
            var cmdline = $"/proc/{child.Id}/cmdline";
            for (var i = 0; i < 100 && !File.ReadAllText(cmdline).StartsWith("/bin/sleep\0600", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
            }

            Assert.StartsWith("/bin/sleep\0600", File.ReadAllText(cmdline), StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(child.HasExited, "the child must keep running while the launcher lives");

            launcher.Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await child.WaitForExitAsync(wait.Token);
            Assert.True(child.HasExited);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }

            if (!launcher.HasExited)
            {
                launcher.Kill();
            }
        }
    }
}
