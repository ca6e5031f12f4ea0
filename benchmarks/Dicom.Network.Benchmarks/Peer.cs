using System.Diagnostics;
using System.Net.Sockets;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>DCMTK tools for the comparison: TCP_NODELAY=1 everywhere (DCMTK keeps Nagle on otherwise, costing ~40 ms per message).</summary>
internal static class Peer
{
    public static readonly Dictionary<string, string> Environment = new() { ["TCP_NODELAY"] = "1" };

    public static async Task<TimeSpan> TimeAsync(string tool, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync(PeerTools.Require(tool), arguments, TimeSpan.FromMinutes(10), environment: Environment);
        clock.Stop();
        result.EnsureSuccess(tool);
        return clock.Elapsed;
    }

    public static Task<ProcessResult> RunAsync(string tool, params string[] arguments) =>
        ProcessRunner.RunAsync(PeerTools.Require(tool), arguments, TimeSpan.FromMinutes(10), environment: Environment);

    /// <summary>A system tool found on the PATH (not a DCMTK peer).</summary>
    public static Task<ProcessResult> RunSystemAsync(string tool, params string[] arguments) =>
        ProcessRunner.RunAsync(tool, arguments, TimeSpan.FromMinutes(2));

    /// <summary>Starts a DCMTK server and waits until it listens.</summary>
    public static Task<Process> StartServerAsync(string tool, int port, params string[] arguments) =>
        StartPreloadedServerAsync(tool, port, preload: null, arguments);

    /// <summary>
    /// Starts a DCMTK server with a library loaded ahead of libc (LD_PRELOAD) and waits until it listens. A name of its
    /// own: as an overload, a call with string arguments bound its first argument to the preload.
    /// </summary>
    public static async Task<Process> StartPreloadedServerAsync(string tool, int port, string? preload, string[] arguments)
    {
        var environment = new Dictionary<string, string>(Environment);
        if (preload is not null)
        {
            environment["LD_PRELOAD"] = preload;
        }

        var process = Process.Start(ProcessRunner.CreateStartInfo(PeerTools.Require(tool), arguments, environment: environment))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"{tool} did not listen on {port}.");
    }

    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
