using System.Security.Cryptography;

namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>
/// Azurite from the pinned install (tools/azurite) on free loopback ports with a random account key, its data in a
/// folder of the department. It can be stopped and started again with the same ports, key and data, so the other
/// processes see storage go away and come back.
/// </summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    public const string Account = "cloudrispacs";
    private readonly string binary;
    private readonly string dataFolder;
    private readonly string logFile;
    private readonly string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
    private readonly int blobPort = FreePort.Next();
    private readonly int queuePort = FreePort.Next();
    private readonly int tablePort = FreePort.Next();
    private ChildProcess? process;

    public LocalAzurite(string repositoryRoot, string dataFolder, string logFile)
    {
        binary = Path.Combine(repositoryRoot, "tools", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(binary))
        {
            throw new DepartmentStartException($"Azurite is not installed at {binary}. Run ./run.sh or ./test.sh once (they run npm ci in tools/azurite).");
        }

        this.dataFolder = dataFolder;
        this.logFile = logFile;
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";

    public string BlobEndpoint => $"http://127.0.0.1:{blobPort}/{Account}";

    public bool IsRunning => process is { HasExited: false };

    /// <summary>The running process, for the launcher's watch over unexpected exits.</summary>
    public ChildProcess? Process => process;

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        Directory.CreateDirectory(dataFolder);
        process = ChildProcess.Start("Azurite", binary,
        [
            "--location", dataFolder,
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
            "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
        ], logFile, new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"{Account}:{key}" });
        await Readiness.WaitAsync(process, () => Task.FromResult(FreePort.IsListening(blobPort) && FreePort.IsListening(queuePort) && FreePort.IsListening(tablePort)),
            "Azurite opens its blob, queue and table ports", timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGTERM (Azurite writes its metadata to disk) and wait; the data folder stays.</summary>
    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync().ConfigureAwait(false);
            process = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
