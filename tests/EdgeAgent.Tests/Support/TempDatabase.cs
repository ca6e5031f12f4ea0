using CloudRisPacs.Edge.Storage;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>A durable store in a temporary folder, with its stores, removed afterwards.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "cloudrispacs-edge-tests", $"db-{Guid.NewGuid():N}");
        Database = EdgeDatabase.Open(Path.Combine(Folder, "edge.db"));
        Outbox = new OutboxStore(Database, TimeProvider.System);
        Inbound = new InboundHl7Store(Database, Outbox);
        Outbound = new OutboundStore(Database, Outbox, TimeProvider.System);
        Spool = new SpoolStore(Database, Outbox, TimeProvider.System);
        Worklist = new WorklistCacheStore(Database, TimeProvider.System);
    }

    public string Folder { get; }

    public EdgeDatabase Database { get; private set; }

    public OutboxStore Outbox { get; private set; }

    public InboundHl7Store Inbound { get; private set; }

    public OutboundStore Outbound { get; private set; }

    public SpoolStore Spool { get; private set; }

    public WorklistCacheStore Worklist { get; private set; }

    /// <summary>Closes and opens the database again, as a restarted agent would.</summary>
    public async Task ReopenAsync()
    {
        await Database.DisposeAsync();
        Database = EdgeDatabase.Open(Path.Combine(Folder, "edge.db"));
        Outbox = new OutboxStore(Database, TimeProvider.System);
        Inbound = new InboundHl7Store(Database, Outbox);
        Outbound = new OutboundStore(Database, Outbox, TimeProvider.System);
        Spool = new SpoolStore(Database, Outbox, TimeProvider.System);
        Worklist = new WorklistCacheStore(Database, TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
