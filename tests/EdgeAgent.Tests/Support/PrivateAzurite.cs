using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>
/// An Azurite of the test's own (from <c>$CLOUDRISPACS_AZURITE_BIN</c>, which ./test.sh exports), so the test can stop
/// and restart storage without disturbing the other tests. Restarting keeps ports, account key and data.
/// </summary>
internal sealed class PrivateAzurite : IAsyncDisposable
{
    private const string Account = "cloudrispacs";
    private readonly string binary;
    private readonly string folder;
    private readonly string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
    private readonly int blobPort = FreeTcpPort.Next();
    private readonly int queuePort = FreeTcpPort.Next();
    private readonly int tablePort = FreeTcpPort.Next();
    private Process? process;

    public PrivateAzurite()
    {
        binary = Environment.GetEnvironmentVariable("CLOUDRISPACS_AZURITE_BIN") is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new PeerToolMissingException(
                "CLOUDRISPACS_AZURITE_BIN does not name the Azurite executable. Run the tests through ./test.sh, which installs Azurite and sets it.");
        folder = Path.Combine(Path.GetTempPath(), $"edge-azurite-{Guid.NewGuid():N}");
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";

    public async Task StartAsync()
    {
        var info = ProcessRunner.CreateStartInfo(binary,
        [
            "--location", folder, "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}", "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
        ], environment: new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"{Account}:{key}" });
        process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Listening(blobPort) && Listening(queuePort)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The private Azurite did not start (exited: {process.HasExited}).");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Stops Azurite (SIGTERM, so it writes its in-memory metadata to disk as a real storage service keeps it; for the
    /// agent the service is simply gone), or kills it after 10 seconds.
    /// </summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
