using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.Tables;

/// <summary>The table store against Azurite: CRUD, optimistic concurrency, partition queries, round-trip counting.</summary>
public sealed class AzureTableStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly StorageRoundTrips roundTrips = new();

    private AzureTableStore Store => new(azurite.TableService, roundTrips);

    private async Task<string> NewTableAsync() => (await azurite.CreateTableAsync("store")).Name;

    [Fact]
    public async Task Inserted_row_reads_back_with_every_type_and_an_etag()
    {
        var table = await NewTableAsync();
        var row = new TableRow("clinic-a", "PAT1")
        {
            ["Name"] = "DOE^JANE",
            ["Version"] = 3L,
            ["Count"] = 2,
            ["Weight"] = 71.5,
            ["Merged"] = false,
            ["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
            ["Raw"] = new byte[] { 0, 255 },
            ["BirthDate"] = new DateTimeOffset(1980, 2, 29, 0, 0, 0, TimeSpan.Zero),
        };

        var etag = await Store.InsertAsync(table, row);
        var read = await Store.GetAsync(table, "clinic-a", "PAT1");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(row.Properties.Keys.Order(), read.Properties.Keys.Order());
        Assert.Equal("DOE^JANE", read.GetString("Name"));
        Assert.Equal(3L, read.GetInt64("Version"));
        Assert.Equal(2, read.GetInt32("Count"));
        Assert.Equal(71.5, read.GetDouble("Weight"));
        Assert.False(read.GetBoolean("Merged"));
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 255 }, read.GetBinary("Raw"));
        Assert.Equal(new DateTimeOffset(1980, 2, 29, 0, 0, 0, TimeSpan.Zero), read.GetDateTimeOffset("BirthDate"));
        Assert.NotNull(read.Timestamp);
        Assert.Null(await Store.GetAsync(table, "clinic-a", "NOBODY"));
    }

    [Fact]
    public async Task Inserting_an_existing_row_is_a_conflict()
    {
        var table = await NewTableAsync();
        await Store.InsertAsync(table, new TableRow("p", "r"));

        var conflict = await Assert.ThrowsAsync<TableConflictException>(() => Store.InsertAsync(table, new TableRow("p", "r")));

        Assert.Equal(TableConflictReason.EntityAlreadyExists, conflict.Reason);
        Assert.Equal(table, conflict.Table);
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_fails_and_leaves_the_newer_version()
    {
        var table = await NewTableAsync();
        var first = await Store.InsertAsync(table, new TableRow("p", "r") { ["Version"] = 1L });
        var second = await Store.UpdateAsync(table, new TableRow("p", "r") { ETag = first, ["Version"] = 2L });

        var conflict = await Assert.ThrowsAsync<TableConflictException>(() =>
            Store.UpdateAsync(table, new TableRow("p", "r") { ETag = first, ["Version"] = 99L }));

        Assert.Equal(TableConflictReason.ETagMismatch, conflict.Reason);
        Assert.NotEqual(first, second);
        var stored = await Store.GetAsync(table, "p", "r");
        Assert.Equal(2L, stored!.GetInt64("Version"));
        Assert.Equal(second, stored.ETag);
    }

    [Fact]
    public async Task Merge_keeps_other_properties_and_replace_drops_them()
    {
        var table = await NewTableAsync();
        var etag = await Store.InsertAsync(table, new TableRow("p", "r") { ["A"] = "a", ["B"] = "b" });

        etag = await Store.UpdateAsync(table, new TableRow("p", "r") { ETag = etag, ["A"] = "a2" }, TableWriteMode.Merge);
        var merged = await Store.GetAsync(table, "p", "r");
        await Store.UpdateAsync(table, new TableRow("p", "r") { ETag = etag, ["C"] = "c" }, TableWriteMode.Replace);
        var replaced = await Store.GetAsync(table, "p", "r");

        Assert.Equal(["A", "B"], merged!.Properties.Keys.Order());
        Assert.Equal("a2", merged.GetString("A"));
        Assert.Equal(["C"], replaced!.Properties.Keys);
    }

    [Fact]
    public async Task Updating_a_missing_row_is_a_not_found_conflict_and_upsert_creates_it()
    {
        var table = await NewTableAsync();

        var conflict = await Assert.ThrowsAsync<TableConflictException>(() => Store.UpdateAsync(table, new TableRow("p", "r") { ETag = "*" }));
        await Store.UpsertAsync(table, new TableRow("p", "r") { ["A"] = 1 });
        await Store.UpsertAsync(table, new TableRow("p", "r") { ["B"] = 2 });

        Assert.Equal(TableConflictReason.EntityNotFound, conflict.Reason);
        Assert.Equal(["A", "B"], (await Store.GetAsync(table, "p", "r"))!.Properties.Keys.Order());
    }

    [Fact]
    public async Task Delete_if_match_refuses_a_stale_etag_and_reports_a_missing_row()
    {
        var table = await NewTableAsync();
        var first = await Store.InsertAsync(table, new TableRow("p", "r"));
        var second = await Store.UpdateAsync(table, new TableRow("p", "r") { ETag = first, ["X"] = 1 });

        var conflict = await Assert.ThrowsAsync<TableConflictException>(() => Store.DeleteAsync(table, "p", "r", first));
        var deleted = await Store.DeleteAsync(table, "p", "r", second);
        var again = await Store.DeleteAsync(table, "p", "r");

        Assert.Equal(TableConflictReason.ETagMismatch, conflict.Reason);
        Assert.True(deleted);
        Assert.False(again);
    }

    [Fact]
    public async Task Partition_queries_filter_by_prefix_range_and_property_equality_in_key_order()
    {
        var table = await NewTableAsync();
        foreach (var (key, modality) in new[] { ("ORD-001", "CT"), ("ORD-002", "MR"), ("ORD-010", "CT"), ("PAT-001", "CT"), ("ORD-0'3", "CT") })
        {
            await Store.InsertAsync(table, new TableRow("clinic-a", key) { ["Modality"] = modality, ["Priority"] = 1L });
        }

        await Store.InsertAsync(table, new TableRow("clinic-b", "ORD-001") { ["Modality"] = "CT" });

        var prefixed = await Keys(new TableQuery("clinic-a") { RowKeyPrefix = "ORD-" });
        var ranged = await Keys(new TableQuery("clinic-a") { RowKeyFrom = "ORD-002", RowKeyTo = "ORD-010" });
        var filtered = await Keys(new TableQuery("clinic-a")
        {
            RowKeyPrefix = "ORD-",
            WhereEquals = new Dictionary<string, object> { ["Modality"] = "CT", ["Priority"] = 1L },
        });
        var quoted = await Keys(new TableQuery("clinic-a") { RowKeyPrefix = "ORD-0'" });
        var firstTwo = await Keys(new TableQuery("clinic-a") { Take = 2 });

        // Key order is ordinal: the apostrophe (U+0027) sorts before the digits.
        Assert.Equal(["ORD-0'3", "ORD-001", "ORD-002", "ORD-010"], prefixed);
        Assert.Equal(["ORD-002"], ranged);
        Assert.Equal(["ORD-0'3", "ORD-001", "ORD-010"], filtered);
        Assert.Equal(["ORD-0'3"], quoted);
        Assert.Equal(2, firstTwo.Count);

        async Task<List<string>> Keys(TableQuery query)
        {
            var keys = new List<string>();
            await foreach (var row in Store.QueryAsync(table, query))
            {
                Assert.Equal(query.PartitionKey, row.PartitionKey);
                keys.Add(row.RowKey);
            }

            return keys;
        }
    }

    [Fact]
    public async Task Every_request_is_counted_as_one_table_round_trip()
    {
        var table = await NewTableAsync();
        var before = roundTrips.Tables;

        var etag = await Store.InsertAsync(table, new TableRow("p", "r"));
        await Store.GetAsync(table, "p", "r");
        await Store.UpdateAsync(table, new TableRow("p", "r") { ETag = etag });
        await Store.SubmitTransactionAsync(table, [TableOperation.Upsert(new TableRow("p", "s")), TableOperation.Upsert(new TableRow("p", "t"))]);
        await foreach (var _ in Store.QueryAsync(table, new TableQuery("p")))
        {
        }

        Assert.Equal(5, roundTrips.Tables - before);
        Assert.Equal(0, roundTrips.Blobs);
    }
}
