using CloudRisPacs.Core.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Core.Tests.Storage;

public sealed class TableRowTests
{
    [Fact]
    public void Typed_values_are_read_back_with_widening_where_safe()
    {
        var row = new TableRow("clinic-a", "PAT1")
        {
            ["Name"] = "DOE^JANE",
            ["Version"] = 7,
            ["Big"] = 5_000_000_000L,
            ["Ratio"] = 0.5,
            ["Active"] = true,
            ["Id"] = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
            ["Raw"] = new byte[] { 1, 2 },
            ["Local"] = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Unspecified),
        };

        Assert.Equal("DOE^JANE", row.GetString("Name"));
        Assert.Equal(7L, row.GetInt64("Version"));
        Assert.Equal(7, row.GetInt32("Version"));
        Assert.Equal(7.0, row.GetDouble("Version"));
        Assert.Throws<InvalidCastException>(() => row.GetInt32("Big"));
        Assert.Equal(0.5, row.GetDouble("Ratio"));
        Assert.True(row.GetBoolean("Active"));
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), row.GetGuid("Id"));
        Assert.Equal(new byte[] { 1, 2 }, row.GetBinary("Raw"));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), row.GetDateTimeOffset("Local"));
        Assert.Null(row.GetString("Missing"));
        Assert.Throws<InvalidCastException>(() => row.GetString("Version"));
    }

    [Fact]
    public void Null_removes_a_property()
    {
        var row = new TableRow("p", "r") { ["A"] = "x" };

        row["A"] = null;

        Assert.Empty(row.Properties);
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("etag")]
    [InlineData("1abc")]
    [InlineData("with space")]
    [InlineData("")]
    public void Unusable_property_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new TableRow("p", "r") { [name] = "x" });
    }

    [Fact]
    public void Unsupported_types_and_oversized_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TableRow("p", "r") { ["A"] = 1.5m });
        Assert.Throws<ArgumentException>(() => new TableRow("p", "r") { ["A"] = new string('x', TableRow.MaxStringLength + 1) });
        Assert.Throws<ArgumentException>(() => new TableRow("p", "r") { ["A"] = new byte[TableRow.MaxBinaryLength + 1] });
        var full = new TableRow("p", "r");
        for (var i = 0; i < TableRow.MaxProperties; i++)
        {
            full[$"P{i}"] = i;
        }

        Assert.Throws<ArgumentException>(() => full["OneMore"] = 1);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u0085b")]
    public void Keys_azure_refuses_are_refused_here(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new TableRow("p", key));

        Assert.Contains("table keys may not contain", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 1000)]
    public Property Escaping_makes_any_text_a_valid_key_and_is_reversible(NonNull<string> text)
    {
        var escaped = TableKeys.Escape(text.Get);

        return (TableKeys.Unescape(escaped) == text.Get && (escaped.Length > TableKeys.MaxLength || TableKeys.FindProblem(escaped) is null))
            .ToProperty();
    }

    [Property(MaxTest = 1000)]
    public Property The_prefix_bound_is_above_every_key_with_the_prefix_and_below_every_larger_key(NonEmptyString prefix, string? suffix)
    {
        var bound = TableKeys.PrefixUpperBound(prefix.Get);
        var key = prefix.Get + (suffix ?? string.Empty);

        return (bound is null || string.CompareOrdinal(key, bound) < 0).ToProperty();
    }

    [Fact]
    public void Prefix_bound_increments_the_last_character()
    {
        Assert.Equal("ab", TableKeys.PrefixUpperBound("aa"));
        Assert.Equal("b", TableKeys.PrefixUpperBound("a\uffff"));
        Assert.Null(TableKeys.PrefixUpperBound("\uffff"));
    }
}
