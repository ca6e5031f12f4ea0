using Azure.Data.Tables;
using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.Tables;

/// <summary>
/// Transactions against Azurite, which does not enforce every Azure rule itself: the store refuses rule breaches before
/// sending anything, and Azure's atomicity and If-Match behaviour hold for what is sent.
/// </summary>
public sealed class AzureTableTransactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly StorageRoundTrips roundTrips = new();

    [Fact]
    public async Task A_transaction_writes_all_operations_and_returns_their_etags()
    {
        var table = (await azurite.CreateTableAsync("txn")).Name;
        var store = new AzureTableStore(azurite.TableService, roundTrips);
        var existing = await store.InsertAsync(table, new TableRow("clinic-a", "old"));

        var etags = await store.SubmitTransactionAsync(table,
        [
            TableOperation.Insert(new TableRow("clinic-a", "new") { ["V"] = 1 }),
            TableOperation.Upsert(new TableRow("clinic-a", "up") { ["V"] = 2 }, TableWriteMode.Replace),
            TableOperation.Delete("clinic-a", "old", existing),
        ]);

        Assert.Equal(3, etags.Count);
        Assert.Equal((await store.GetAsync(table, "clinic-a", "new"))!.ETag, etags[0]);
        Assert.NotNull(etags[1]);
        Assert.Null(etags[2]);
        Assert.Null(await store.GetAsync(table, "clinic-a", "old"));
    }

    [Fact]
    public async Task A_stale_etag_fails_the_whole_transaction_naming_the_operation()
    {
        var table = (await azurite.CreateTableAsync("txn")).Name;
        var store = new AzureTableStore(azurite.TableService, roundTrips);
        var stale = await store.InsertAsync(table, new TableRow("p", "patient") { ["Version"] = 1L });
        await store.UpdateAsync(table, new TableRow("p", "patient") { ETag = stale, ["Version"] = 2L });

        var conflict = await Assert.ThrowsAsync<TableConflictException>(() => store.SubmitTransactionAsync(table,
        [
            TableOperation.Insert(new TableRow("p", "order-1")),
            TableOperation.Update(new TableRow("p", "patient") { ETag = stale, ["Version"] = 3L }),
        ]));

        Assert.Equal(TableConflictReason.ETagMismatch, conflict.Reason);
        Assert.Equal(1, conflict.OperationIndex);
        Assert.Equal("patient", conflict.RowKey);
        Assert.Null(await store.GetAsync(table, "p", "order-1"));
        Assert.Equal(2L, (await store.GetAsync(table, "p", "patient"))!.GetInt64("Version"));
    }

    public static TheoryData<string> Breaches => ["101 operations", "two partitions", "more than 4 MB", "duplicate row", "update without etag"];

    [Theory]
    [MemberData(nameof(Breaches))]
    public async Task Rule_breaches_are_refused_before_any_request_is_sent(string breach)
    {
        // Pointing at a closed port proves nothing is sent: any request would fail with a connection error instead.
        var unreachable = new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=none;AccountKey={Convert.ToBase64String(new byte[32])};TableEndpoint=http://127.0.0.1:{FreeTcpPort.Next()}/none;",
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var store = new AzureTableStore(unreachable, roundTrips);
        var operations = breach switch
        {
            "101 operations" => Enumerable.Range(0, 101).Select(i => TableOperation.Insert(new TableRow("p", $"r{i}"))).ToList(),
            "two partitions" => [TableOperation.Insert(new TableRow("p", "1")), TableOperation.Insert(new TableRow("q", "2"))],
            "more than 4 MB" => Enumerable.Range(0, 40).Select(i => TableOperation.Insert(Large("p", $"r{i}"))).ToList(),
            "duplicate row" => [TableOperation.Upsert(new TableRow("p", "1")), TableOperation.Upsert(new TableRow("p", "1"))],
            _ => [TableOperation.Update(new TableRow("p", "1"))],
        };

        var error = await Assert.ThrowsAsync<TableTransactionRuleException>(() => store.SubmitTransactionAsync("anytable", operations));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(0, roundTrips.Tables);
    }

    [Fact]
    public async Task The_largest_transaction_the_rules_allow_is_accepted_by_the_service()
    {
        var table = (await azurite.CreateTableAsync("txn")).Name;
        var store = new AzureTableStore(azurite.TableService, roundTrips);
        var operations = Enumerable.Range(0, 100).Select(i => TableOperation.Insert(new TableRow("p", $"r{i:D3}") { ["Text"] = new string('x', 10_000) })).ToList();

        var etags = await store.SubmitTransactionAsync(table, operations);

        Assert.Equal(100, etags.Count);
        Assert.All(etags, Assert.NotNull);
    }

    private static TableRow Large(string partition, string row)
    {
        var result = new TableRow(partition, row);
        for (var p = 0; p < 4; p++)
        {
            result[$"Chunk{p}"] = new string('x', TableRow.MaxStringLength);
        }

        return result;
    }
}
