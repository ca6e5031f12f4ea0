using System.Diagnostics;
using System.Globalization;

namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>
/// One process of the department: its output goes line by line to a log file (and the last lines stay in memory for
/// error messages); stopping sends SIGTERM, as systemd or Ctrl-C would, and kills the process tree only if it does not
/// exit in time.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private const string SetSid = "/usr/bin/setsid";
    private const string Shell = "/bin/sh";

    // Runs beside the child (same pid: sh execs it) and stops it when the launcher is gone without stopping it — killed
    // with SIGKILL, which no handler sees. $$ is the child's pid; the watcher ends with the child.
    private const string WatchScript = """
        parent=$1; shift
        ( while kill -0 "$parent" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done
          if kill -0 $$ 2>/dev/null; then kill -TERM $$; sleep 20; kill -0 $$ 2>/dev/null && kill -KILL $$; fi ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Queue<string> tail = new();

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process printed.</summary>
    public string Tail
    {
        get
        {
            lock (tail)
            {
                return string.Join(Environment.NewLine, tail);
            }
        }
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string logFile,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var command = WatchedCommand(Environment.ProcessId, fileName, arguments);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // no terminal input for children: Ctrl-C is the launcher's to handle
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var writer = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, writer);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            writer.Dispose();
            process.Dispose();
            throw new DepartmentStartException($"{name}: cannot start {fileName}: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// The command line that starts <paramref name="fileName"/>: in a session of its own (setsid keeps the pid: the child
    /// is no group leader), so Ctrl-C in the terminal reaches only the launcher, which then stops the processes in order
    /// instead of all dying at once; and watched, so it gets SIGTERM (then SIGKILL after 20 s) within a second or two of
    /// process <paramref name="launcherPid"/> ending while it still runs.
    /// </summary>
    public static IReadOnlyList<string> WatchedCommand(int launcherPid, string fileName, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!File.Exists(SetSid) || !File.Exists(Shell))
        {
            return [fileName, .. arguments];
        }

        return [SetSid, Shell, "-c", WatchScript, "sh", launcherPid.ToString(CultureInfo.InvariantCulture), fileName, .. arguments];
    }

    /// <summary>Completes when the process exits.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, then up to <paramref name="grace"/> for a clean exit, then SIGKILL of the tree. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!process.HasExited)
        {
            await SignalAsync("TERM").ConfigureAwait(false);
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Append($"[launcher] {Name} did not stop within {grace}; killed");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        // The parameterless wait drains the output readers, so the log is complete.
        process.WaitForExit();
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        process.Dispose();
        lock (tail)
        {
            log.Dispose();
        }
    }

    private async Task SignalAsync(string signal)
    {
        try
        {
            using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the signal: nothing to stop.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            tail.Enqueue(line);
            while (tail.Count > TailLines)
            {
                tail.Dequeue();
            }

            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line after the launcher closed the log; it is still in the tail.
            }
        }
    }
}
