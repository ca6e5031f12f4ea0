using System.Text;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Tests.Fuzz;

/// <summary>Inputs built to be slow or huge finish at once with a clear limit error (guarded against hangs).</summary>
public sealed class PathologicalInputTests
{
    private const string Header = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5\r";

    [Fact]
    public Task A_megabyte_of_carets_is_refused() => Guarded(() =>
    {
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(new string('^', 1 << 20)));
        Assert.Contains("MSH", error.Message, StringComparison.Ordinal);
        var inField = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(Header + "PID|" + new string('^', 1 << 20) + "\r"));
        Assert.True(inField.IsLimitExceeded);
        Assert.Contains("MaxDelimitersPerSegment", inField.Message, StringComparison.Ordinal);
        Assert.Equal(new Hl7Location("PID", 2), inField.Location);
    });

    [Fact]
    public Task A_megabyte_of_field_separators_is_refused() => Guarded(() =>
    {
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(Header + "PID" + new string('|', 1 << 20) + "\r"));
        Assert.True(error.IsLimitExceeded);
        Assert.Contains("MaxFieldsPerSegment", error.Message, StringComparison.Ordinal);
    });

    [Fact]
    public Task A_hundred_thousand_segments_are_refused() => Guarded(() =>
    {
        var text = new StringBuilder(Header);
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("NTE|1\r");
        }

        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(text.ToString()));
        Assert.True(error.IsLimitExceeded);
        Assert.Contains("MaxSegmentCount", error.Message, StringComparison.Ordinal);
    });

    [Fact]
    public Task An_oversize_message_is_refused_before_decoding() => Guarded(() =>
    {
        var bytes = new byte[5 * 1024 * 1024];
        Encoding.ASCII.GetBytes(Header).CopyTo(bytes, 0);
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(bytes));
        Assert.Contains("MaxMessageLength", error.Message, StringComparison.Ordinal);
    });

    [Fact]
    public Task Raised_limits_still_work_in_linear_time() => Guarded(() =>
    {
        var options = new Hl7ParseOptions { MaxDelimitersPerSegment = int.MaxValue, MaxSegmentCount = 200_000 };
        var message = Hl7Message.Parse(Header + "PID|" + new string('^', 1 << 20) + "x\r", options);
        var field = message.Segments[1].GetField(1);
        Assert.Equal((1 << 20) + 1, field.GetRepetition(1).ComponentCount);
        Assert.Equal("x", field.GetComponent((1 << 20) + 1).Value);
        Assert.Equal(Header + "PID|" + new string('^', 1 << 20) + "x\r", message.ToEr7());

        var many = new StringBuilder(Header);
        for (var i = 0; i < 100_000; i++)
        {
            many.Append("NTE|1|||\r");
        }

        var big = Hl7Message.Parse(many.ToString(), options);
        Assert.Equal(100_001, big.Segments.Count);
        Assert.DoesNotContain("|||", big.ToEr7(), StringComparison.Ordinal);
    });

    [Fact]
    public Task Deep_escape_storms_unescape_in_linear_time() => Guarded(() =>
    {
        var storm = string.Concat(Enumerable.Repeat("\\E\\\\X41\\", 100_000)) + "\\";
        var message = Hl7Message.Parse(Header + "NTE|1||" + storm + "\r");
        var value = message.Segments[1].GetValue(3);
        Assert.Equal(200_001, value.Length);
    });

    private static Task Guarded(Action test) => Task.Run(test).WaitAsync(TimeSpan.FromSeconds(60));
}
