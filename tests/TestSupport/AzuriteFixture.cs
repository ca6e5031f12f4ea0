using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Xunit;

namespace CloudRisPacs.TestSupport;

/// <summary>
/// Clients for the test command's Azurite, plus per-test tables, containers and queues that are removed
/// afterwards. Use as an xunit class fixture; it fails loudly when Azurite is not reachable.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<Func<Task>> cleanups = new();

    public AzuriteFixture()
    {
        ConnectionString = AzuriteEnvironment.ConnectionString;
        TableService = new TableServiceClient(ConnectionString, Configure(new TableClientOptions()));
        BlobService = new BlobServiceClient(ConnectionString, Configure(new BlobClientOptions()));
        QueueService = new QueueServiceClient(ConnectionString, Configure(new QueueClientOptions()));
    }

    public string ConnectionString { get; }

    public TableServiceClient TableService { get; }

    public BlobServiceClient BlobService { get; }

    public QueueServiceClient QueueService { get; }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await BlobService.GetPropertiesAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"Azurite is not reachable at {BlobService.Uri}: {ex.Message}. Run the tests through ./test.sh, which starts it.",
                ex);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var cleanup in cleanups)
        {
            try
            {
                await cleanup();
            }
            catch (Azure.RequestFailedException)
            {
                // A test may have deleted its own resource already; what matters is that nothing is left behind.
            }
        }
    }

    /// <summary>Creates a table with a name unique to this test run.</summary>
    public async Task<TableClient> CreateTableAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var table = TableService.GetTableClient(UniqueName.Table(prefix));
        await table.CreateIfNotExistsAsync(cancellationToken);
        cleanups.Add(() => table.DeleteAsync());
        return table;
    }

    /// <summary>Creates a blob container with a name unique to this test run.</summary>
    public async Task<BlobContainerClient> CreateContainerAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var container = BlobService.GetBlobContainerClient(UniqueName.Container(prefix));
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        cleanups.Add(() => container.DeleteIfExistsAsync());
        return container;
    }

    /// <summary>Creates a storage queue with a name unique to this test run.</summary>
    public async Task<QueueClient> CreateQueueAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var queue = QueueService.GetQueueClient(UniqueName.Queue(prefix));
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        cleanups.Add(() => queue.DeleteIfExistsAsync());
        return queue;
    }

    // Fail fast instead of retrying for minutes when Azurite is down; tests that simulate outages set their own.
    private static T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }
}
