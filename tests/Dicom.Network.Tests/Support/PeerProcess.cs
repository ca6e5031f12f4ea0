using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>A DCMTK server (wlmscpfs, storescp) running for a test: started, awaited until it listens, killed at the end.</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private PeerProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<PeerProcess> StartAsync(string tool, int port, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = ProcessRunner.CreateStartInfo(PeerTools.Require(tool), arguments, workingDirectory, Dcmtk.Environment);
        var process = new Process { StartInfo = info };
        var peer = new PeerProcess(process, port);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return peer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                await peer.DisposeAsync();
                throw new InvalidOperationException($"{tool} did not start listening on {port}:\n{peer.Output}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
