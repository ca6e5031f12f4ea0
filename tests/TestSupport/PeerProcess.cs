using System.Net.Sockets;

namespace CloudRisPacs.TestSupport;

/// <summary>A peer server (DCMTK's wlmscpfs, storescp) running for a test: started, awaited until it listens, killed at the end.</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly CapturedProcess process;

    private PeerProcess(CapturedProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Output => process.Output;

    public static async Task<PeerProcess> StartAsync(
        string tool, int port, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var peer = new PeerProcess(CapturedProcess.Start(ProcessRunner.CreateStartInfo(PeerTools.Require(tool), arguments, workingDirectory, environment)), port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return peer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !peer.process.Process.HasExited)
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

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
