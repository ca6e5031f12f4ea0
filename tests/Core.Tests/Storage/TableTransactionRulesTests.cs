using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Core.Tests.Storage;

public sealed class TableTransactionRulesTests
{
    private static TableRow Row(string partition, string row) => new(partition, row) { ["Name"] = "DOE^JANE" };

    [Fact]
    public void A_full_valid_transaction_passes()
    {
        var operations = Enumerable.Range(0, 100).Select(i => TableOperation.Insert(Row("clinic-a", $"r{i:D3}"))).ToList();

        TableTransactionRules.Validate(operations);
    }

    [Fact]
    public void Operation_101_is_refused()
    {
        var operations = Enumerable.Range(0, 101).Select(i => TableOperation.Upsert(Row("clinic-a", $"r{i:D3}"))).ToList();

        var error = Assert.Throws<TableTransactionRuleException>(() => TableTransactionRules.Validate(operations));

        Assert.Equal(TableTransactionRule.TooManyOperations, error.Rule);
        Assert.Contains("101", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_partition_is_refused_naming_the_operation()
    {
        var error = Assert.Throws<TableTransactionRuleException>(() =>
            TableTransactionRules.Validate([TableOperation.Insert(Row("clinic-a", "1")), TableOperation.Insert(Row("clinic-b", "2"))]));

        Assert.Equal(TableTransactionRule.MultiplePartitions, error.Rule);
        Assert.Equal(1, error.OperationIndex);
    }

    [Fact]
    public void The_same_row_twice_is_refused()
    {
        var error = Assert.Throws<TableTransactionRuleException>(() =>
            TableTransactionRules.Validate([TableOperation.Upsert(Row("p", "1")), TableOperation.Delete("p", "1", "*")]));

        Assert.Equal(TableTransactionRule.DuplicateRow, error.Rule);
    }

    [Fact]
    public void More_than_four_megabytes_is_refused()
    {
        var big = new string('x', TableRow.MaxStringLength);
        var operations = Enumerable.Range(0, 40).Select(i =>
        {
            var row = new TableRow("p", $"r{i}");
            for (var p = 0; p < 4; p++)
            {
                row[$"Chunk{p}"] = big;
            }

            return TableOperation.Insert(row);
        }).ToList();

        var error = Assert.Throws<TableTransactionRuleException>(() => TableTransactionRules.Validate(operations));

        Assert.Equal(TableTransactionRule.PayloadTooLarge, error.Rule);
    }

    [Fact]
    public void An_entity_above_one_megabyte_is_refused_even_alone()
    {
        var row = new TableRow("p", "r");
        for (var p = 0; p < 20; p++)
        {
            row[$"Chunk{p}"] = new string('x', TableRow.MaxStringLength);
        }

        var error = Assert.Throws<TableTransactionRuleException>(() => TableTransactionRules.ValidateSingle(TableOperation.Upsert(row)));

        Assert.Equal(TableTransactionRule.EntityTooLarge, error.Rule);
    }

    [Fact]
    public void Updates_and_deletes_need_an_etag_and_inserts_and_upserts_refuse_one()
    {
        var missing = Assert.Throws<TableTransactionRuleException>(() => TableTransactionRules.Validate([TableOperation.Update(Row("p", "1"))]));
        var unused = Assert.Throws<TableTransactionRuleException>(() =>
            TableTransactionRules.Validate([TableOperation.Upsert(new TableRow("p", "1") { ETag = "W/\"1\"" })]));

        Assert.Equal(TableTransactionRule.MissingETag, missing.Rule);
        Assert.Equal(TableTransactionRule.UnusedETag, unused.Rule);
        TableTransactionRules.Validate([TableOperation.Update(new TableRow("p", "1") { ETag = "*" }), TableOperation.Delete("p", "2", "W/\"x\"")]);
    }

    [Fact]
    public void An_empty_transaction_is_refused()
    {
        Assert.Equal(TableTransactionRule.Empty, Assert.Throws<TableTransactionRuleException>(() => TableTransactionRules.Validate([])).Rule);
    }

    [Fact]
    public void Entity_size_follows_the_published_formula()
    {
        var row = new TableRow("pk", "rk") { ["S"] = "abc", ["L"] = 1L, ["B"] = true, ["G"] = Guid.Empty, ["X"] = new byte[10] };

        // 4 + 2·4 + (8+2+10) + (8+2+8) + (8+2+1) + (8+2+16) + (8+2+14)
        Assert.Equal(4 + 8 + 20 + 18 + 11 + 26 + 24, TableTransactionRules.EntitySize(row));
    }
}
